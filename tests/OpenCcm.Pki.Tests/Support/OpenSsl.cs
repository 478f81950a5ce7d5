using System.Diagnostics;

namespace OpenCcm.Pki.Tests.Support;

/// <summary>Runs the real openssl CLI, so what we produce is judged by an independent implementation.</summary>
internal sealed class OpenSsl : IDisposable
{
    public OpenSsl() => Directory = System.IO.Directory.CreateTempSubdirectory("openccm-pki-").FullName;

    /// <summary>A scratch directory for the files openssl reads and writes; deleted on dispose.</summary>
    public string Directory { get; }

    public string Write(string name, byte[] contents)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, contents);
        return path;
    }

    public string Write(string name, string contents)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, contents);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException("openssl " + string.Join(' ', arguments));
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs openssl and fails the test, showing its output, unless it exits 0.</summary>
    public string RunOk(params string[] arguments)
    {
        var (exitCode, output) = Run(arguments);
        Assert.True(exitCode == 0, $"openssl {string.Join(' ', arguments)} exited {exitCode}:\n{output}");
        return output;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
