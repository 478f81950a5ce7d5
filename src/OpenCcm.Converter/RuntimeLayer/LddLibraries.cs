using System.Diagnostics;

namespace OpenCcm.Converter.RuntimeLayer;

/// <summary>The shared libraries a dynamically linked executable loads, as <c>ldd</c> lists them on this host.</summary>
public static class LddLibraries
{
    /// <summary>Runs <c>ldd</c> on <paramref name="executable"/>; a static executable needs none.</summary>
    /// <exception cref="ConversionException">RuntimeMissing: ldd fails or a library is "not found".</exception>
    public static IReadOnlyList<RuntimeLibrary> Discover(string executable)
    {
        var start = new ProcessStartInfo("ldd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(executable);
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("ldd did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var output = stdout.GetAwaiter().GetResult();
            if (output.Contains("not a dynamic executable", StringComparison.Ordinal) || stderr.Contains("not a dynamic executable", StringComparison.Ordinal))
            {
                return [];
            }

            return process.ExitCode == 0
                ? Parse(output)
                : throw new ConversionException(ConversionErrorCodes.RuntimeMissing, $"ldd {executable} failed: {stderr.Trim()}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ConversionException(ConversionErrorCodes.RuntimeMissing, $"Cannot run ldd to find the runtime's libraries: {e.Message}", e);
        }
    }

    /// <summary>
    /// Parses ldd output: "name => /path (0x...)" and "/path (0x...)" lines give a library at the same path in the image;
    /// the vDSO (no path) is skipped; "name => not found" is refused.
    /// </summary>
    public static IReadOnlyList<RuntimeLibrary> Parse(string lddOutput)
    {
        ArgumentNullException.ThrowIfNull(lddOutput);
        var libraries = new List<RuntimeLibrary>();
        foreach (var raw in lddOutput.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var arrow = line.IndexOf("=>", StringComparison.Ordinal);
            var path = (arrow >= 0 ? line[(arrow + 2)..] : line).Trim();
            if (path.StartsWith("not found", StringComparison.Ordinal))
            {
                throw new ConversionException(ConversionErrorCodes.RuntimeMissing, $"The runtime needs a library this host lacks: {line}");
            }

            var paren = path.IndexOf(" (", StringComparison.Ordinal);
            path = paren >= 0 ? path[..paren] : path;
            if (path.StartsWith('/'))
            {
                libraries.Add(new RuntimeLibrary(path, path));
            }
        }

        return libraries;
    }
}
