using System.Diagnostics;
using System.Text;
using OpenCcm.Runtime.Tests;

namespace OpenCcm.EndToEnd.Tests;

/// <summary>
/// <c>ccm quickstart</c> as a user runs it: a real child process (<c>dotnet ccm.dll quickstart ...</c>, ccm.dll copied beside
/// the tests) using the published runtime, its own data directory, stdout and stderr collected line by line.
/// </summary>
internal sealed class QuickstartProcess : IDisposable
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    /// <summary>A quickstart on <paramref name="dataDirectory"/> (default: a new one), which <see cref="Dispose"/> deletes.</summary>
    public QuickstartProcess(IReadOnlyList<string> arguments, string? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), $"ccm-quickstart-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "ccm.dll"), "quickstart", "--data-dir", DataDirectory, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CCM_RUNTIME"] = RuntimeBinary.Path;
        Process = Process.Start(start)!;
        Process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        Process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
        Process.StandardInput.Close();
    }

    public string DataDirectory { get; }

    public Process Process { get; }

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    public string Output => $"stdout:\n{Stdout}\nstderr:\n{Stderr}";

    /// <summary>The first stdout line matching <paramref name="predicate"/>, waiting for it (the quickstart may not exit meanwhile).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var line = Stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(predicate);
            if (line is not null)
            {
                return line;
            }

            if (Process.HasExited)
            {
                Assert.Fail($"ccm quickstart exited ({Process.ExitCode}) early\n{Output}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"no such line within {timeout}\n{Output}");
            await Task.Delay(100);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"ccm quickstart did not exit within {timeout}\n{Output}");
        }

        Process.WaitForExit(); // drain the redirected streams
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is not null)
        {
            lock (buffer)
            {
                buffer.Append(line).Append('\n');
            }
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
