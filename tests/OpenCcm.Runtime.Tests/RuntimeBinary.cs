using System.Diagnostics;

namespace OpenCcm.Runtime.Tests;

/// <summary>
/// The published <c>ccm-runtime</c> the tests run as a child process: <c>CCM_RUNTIME</c> when set, else
/// scripts/publish-runtime.sh (NativeAOT, skipped when up to date) into artifacts/ccm — once per test run.
/// </summary>
internal static class RuntimeBinary
{
    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Published.Value;

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "OpenCcm.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OpenCcm.sln not found above the test directory");
    }

    private static string Publish()
    {
        var explicitPath = Environment.GetEnvironmentVariable("CCM_RUNTIME");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath) ? explicitPath : throw new InvalidOperationException($"CCM_RUNTIME={explicitPath} does not exist");
        }

        var root = RepositoryRoot();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(System.IO.Path.Combine(root, "scripts", "publish-runtime.sh"));
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/publish-runtime.sh failed ({process.ExitCode}):\n{stderr.Result}");
        }

        return stdout.Trim().Split('\n')[^1];
    }
}
