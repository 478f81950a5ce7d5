namespace OpenCcm.Runtime.Certificates;

/// <summary>One manifest certificate and its current credential, which renewal replaces (read by the heartbeat loop).</summary>
public sealed class CredentialSlot(CertificateSpec spec, WorkloadCredential initial)
{
    private WorkloadCredential _current = initial;

    public CertificateSpec Spec { get; } = spec;

    public WorkloadCredential Current
    {
        get => Volatile.Read(ref _current);
        // The previous credential is not disposed: a heartbeat may be signing with it right now; the GC reclaims it.
        set => Volatile.Write(ref _current, value);
    }
}
