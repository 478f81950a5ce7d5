using System.Runtime.Versioning;

// The runtime runs Linux workloads (ELF entrypoints, POSIX signals, file modes); it is published for linux-x64.
[assembly: SupportedOSPlatform("linux")]
