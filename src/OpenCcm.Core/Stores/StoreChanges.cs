namespace OpenCcm.Core.Stores;

/// <summary>
/// A process-wide counter of committed store changes that can alter a decision (a node deactivated, a certificate
/// revoked, a build or app changed...). Hot-path caches tag each entry with the version read BEFORE loading it and
/// drop entries whose tag is no longer current, so no decision of this process uses data older than one of its own
/// writes. Stores bump it after each such write and again when the transaction holding it commits. Appends that
/// change no decision (issued certificates, their tasks, audit entries, last-seen times) do not bump it, which is
/// what lets the caches hit under issuance load. Writes by other managers of a cluster are bounded by the caches' TTL.
/// Process-wide rather than per store on purpose: over-invalidating is harmless, missing a write is not.
/// </summary>
public static class StoreChanges
{
    private static long _version;

    /// <summary>The current version; read it before loading what you cache.</summary>
    public static long Version => Volatile.Read(ref _version);

    /// <summary>Invalidates everything cached before now.</summary>
    public static void Bump() => Interlocked.Increment(ref _version);
}
