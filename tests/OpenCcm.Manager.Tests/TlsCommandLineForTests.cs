using System.Diagnostics;

namespace OpenCcm.Manager.Tests;

/// <summary>Runs the real openssl and curl as child processes, as relying parties and scripts would.</summary>
internal static class CommandLine
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments, string? standardInput = "")
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>A temporary file holding <paramref name="contents"/>; deleted with the returned scope.</summary>
    public static TemporaryFile File(byte[] contents) => new(contents);

    public static TemporaryFile File(string contents) => new(System.Text.Encoding.UTF8.GetBytes(contents));

    internal sealed class TemporaryFile : IDisposable
    {
        public TemporaryFile(byte[] contents)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ccm-test-{Guid.NewGuid():N}");
            System.IO.File.WriteAllBytes(Path, contents);
        }

        public string Path { get; }

        public void Dispose() => System.IO.File.Delete(Path);
    }
}
