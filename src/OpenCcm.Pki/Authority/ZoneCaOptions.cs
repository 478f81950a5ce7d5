namespace OpenCcm.Pki.Authority;

/// <summary>How a zone CA is created and how it issues. Defaults follow the manager issue (4).</summary>
public sealed record ZoneCaOptions
{
    public CaKeyAlgorithm KeyAlgorithm { get; init; } = CaKeyAlgorithm.Ecdsa;

    public TimeSpan RootLifetime { get; init; } = TimeSpan.FromDays(3653);

    /// <summary>Capped at the root's notAfter.</summary>
    public TimeSpan IntermediateLifetime { get; init; } = TimeSpan.FromDays(1826);

    /// <summary>Leaf lifetime when a request names none; always capped at the intermediate's notAfter.</summary>
    public TimeSpan DefaultLeafLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How far notBefore is set before "now", so relying parties whose clock lags a little accept new certificates.</summary>
    public TimeSpan Backdate { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// What is proven about each certificate after signing; the content checks (key, names, identity...) run in every
    /// mode. The default keeps issuance within the manager's throughput budget (issue 4, docs/benchmarks.md).
    /// </summary>
    public IssuedCertificateCheck IssuedCertificateCheck { get; init; } = IssuedCertificateCheck.Contents;

    /// <summary>CRL nextUpdate − thisUpdate when the caller names none.</summary>
    public TimeSpan DefaultCrlLifetime { get; init; } = TimeSpan.FromDays(7);

    internal void Validate()
    {
        if (!Enum.IsDefined(KeyAlgorithm) || !Enum.IsDefined(IssuedCertificateCheck))
        {
            throw new ArgumentOutOfRangeException(nameof(KeyAlgorithm), "Unknown key algorithm or check mode.");
        }

        foreach (var (value, name) in new[]
        {
            (RootLifetime, nameof(RootLifetime)), (IntermediateLifetime, nameof(IntermediateLifetime)),
            (DefaultLeafLifetime, nameof(DefaultLeafLifetime)), (DefaultCrlLifetime, nameof(DefaultCrlLifetime)),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new PkiException(PkiErrorCode.LifetimeInvalid, $"{name} must be positive.");
            }
        }

        if (Backdate < TimeSpan.Zero)
        {
            throw new PkiException(PkiErrorCode.LifetimeInvalid, $"{nameof(Backdate)} must not be negative.");
        }
    }
}
