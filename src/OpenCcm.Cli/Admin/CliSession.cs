using System.Text.Json;

namespace OpenCcm.Cli.Admin;

/// <summary>
/// The session <c>ccm login</c> saves for the admin commands: manager URL, bearer token, and the CA file to trust for
/// HTTPS. Kept in <c>$CCM_CONFIG_DIR</c> (default ~/.config/openccm) as session.json, readable by the user only.
/// </summary>
internal sealed record CliSession(string Manager, string AccessToken, string? CaCertificateFile)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Path
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable("CCM_CONFIG_DIR");
            if (string.IsNullOrEmpty(directory))
            {
                directory = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "openccm");
            }

            return System.IO.Path.Combine(directory, "session.json");
        }
    }

    public static CliSession Load()
    {
        try
        {
            return JsonSerializer.Deserialize<CliSession>(File.ReadAllText(Path), Json)
                ?? throw new UsageException($"{Path} is empty: run 'ccm login' first.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new UsageException($"No usable session ({e.Message}): run 'ccm login --manager URL --email E' first.");
        }
    }

    public void Save()
    {
        var path = Path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the token is a secret
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, this, Json);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
