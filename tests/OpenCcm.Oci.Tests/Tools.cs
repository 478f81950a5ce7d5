using System.Diagnostics;

namespace OpenCcm.Oci.Tests;

/// <summary>Runs the real tools (registry.sh, umoci, skopeo); tests skip with the reason when they are missing.</summary>
internal static class Tools
{
    private static readonly string[] Required = ["docker-registry", "skopeo", "umoci", "htpasswd"];

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Why the real-parts tests cannot run here, or null when they can.</summary>
    public static string? MissingReason { get; } = FindMissing();

    public static void SkipUnlessAvailable() =>
        Skip.If(MissingReason is not null, MissingReason);

    public static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout;
    }

    public static string Script(string name) => Path.Combine(RepositoryRoot, "scripts", name);

    private static string? FindMissing()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':');
        var missing = Required.Where(tool => !path.Any(dir => File.Exists(Path.Combine(dir, tool)))).ToList();
        if (!File.Exists("/bin/busybox"))
        {
            missing.Add("busybox-static");
        }

        return missing.Count == 0 ? null : $"missing {string.Join(", ", missing)}: run scripts/test-tools.sh (apt) to install them";
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenCcm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OpenCcm.sln not found above the test binaries");
    }
}
