namespace OpenCcm.Runtime.Workload;

/// <summary>What to start as the workload: host paths already resolved under the root.</summary>
public sealed record WorkloadCommand(
    string Executable,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment);
