using System.Diagnostics;
using System.Text.Json;

namespace OpenCcm.Runtime;

/// <summary>
/// How long the start took (issue #5's figure): from the runtime's start to every certificate on disk, with the
/// trusted-file hashing reported apart. Printed as one line on stderr, and as JSON with <c>--timings-json</c>.
/// </summary>
public sealed class StartupTimings
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public TimeSpan TrustedFiles { get; set; }

    public int TrustedFileCount { get; set; }

    public long TrustedFileBytes { get; set; }

    public TimeSpan Identity { get; set; }

    public TimeSpan Certificates { get; set; }

    /// <summary>From start until the last certificate, key and chain were on disk.</summary>
    public TimeSpan StartToCertificateOnDisk { get; set; }

    /// <summary>From start until the workload was started.</summary>
    public TimeSpan StartToWorkload { get; set; }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public string ToLine() =>
        $"timings: certificate on disk {Ms(StartToCertificateOnDisk)} ms after start (trusted files {Ms(TrustedFiles)} ms for " +
        $"{TrustedFileCount} files, {TrustedFileBytes / 1024.0 / 1024.0:0.0} MiB; identity {Ms(Identity)} ms; attestation and " +
        $"issuance {Ms(Certificates)} ms); workload started {Ms(StartToWorkload)} ms after start";

    public void WriteJson(string path)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("startToCertificateOnDiskMs", Ms(StartToCertificateOnDisk));
        writer.WriteNumber("trustedFilesMs", Ms(TrustedFiles));
        writer.WriteNumber("trustedFileCount", TrustedFileCount);
        writer.WriteNumber("trustedFileBytes", TrustedFileBytes);
        writer.WriteNumber("identityMs", Ms(Identity));
        writer.WriteNumber("certificatesMs", Ms(Certificates));
        writer.WriteNumber("startToWorkloadMs", Ms(StartToWorkload));
        writer.WriteEndObject();
    }

    private static double Ms(TimeSpan span) => Math.Round(span.TotalMilliseconds, 1);
}
