using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Pki;

/// <summary>
/// The roots a verification trusts: the vendor's pinned roots, plus simulated roots only when the caller allows
/// simulation. A simulated root is recognised by the <see cref="OpenCcmOids.SimulatedTee"/> extension.
/// </summary>
public sealed class TrustAnchors
{
    private TrustAnchors(IReadOnlyList<X509Certificate2> roots, string key)
    {
        Roots = roots;
        Key = key;
    }

    public IReadOnlyList<X509Certificate2> Roots { get; }

    /// <summary>Identifies the set, for caches.</summary>
    public string Key { get; }

    /// <summary>
    /// Pinned roots, and when <see cref="VerificationContext.AllowSimulated"/> is set, the context's simulated roots
    /// and self-signed simulated roots found among the collateral certificates.
    /// </summary>
    public static TrustAnchors For(IReadOnlyList<X509Certificate2> pinned, VerificationContext context)
    {
        if (!context.AllowSimulated)
        {
            return new TrustAnchors(pinned, "pinned");
        }

        var simulated = context.SimulatedRoots
            .Concat(context.Collateral.Certificates.Where(c => IsSimulated(c) && c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)))
            .Where(IsSimulated)
            .DistinctBy(c => c.Thumbprint)
            .ToArray();
        return new TrustAnchors([.. pinned, .. simulated], "pinned+" + string.Join(",", simulated.Select(c => c.Thumbprint)));
    }

    /// <summary>True when the certificate belongs to a simulated TEE's PKI.</summary>
    public static bool IsSimulated(X509Certificate2 certificate) => certificate.Extensions[OpenCcmOids.SimulatedTee] is not null;
}
