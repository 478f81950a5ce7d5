using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Identity;

namespace OpenCcm.Pki.Issuance;

/// <summary>
/// Everything a leaf certificate will contain, decided and validated before signing, and compared field by field
/// with the signed result afterwards (<see cref="IssuedCertificateChecker"/>).
/// </summary>
internal sealed record LeafPlan
{
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public required VerifiedCsr Csr { get; init; }

    public required string CommonName { get; init; }

    public required IReadOnlyList<string> DnsNames { get; init; }

    public required AttestedIdentity Identity { get; init; }

    public required IReadOnlyList<string> ExtendedKeyUsages { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    public required byte[] SerialNumber { get; init; }

    /// <summary>keyEncipherment only for RSA keys: RSA key transport in TLS 1.2; ECDSA keys never encipher.</summary>
    public X509KeyUsageFlags KeyUsages => Csr.KeyKind == CsrKeyKind.Rsa
        ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
        : X509KeyUsageFlags.DigitalSignature;

    public static LeafPlan ForWorkload(VerifiedCsr csr, WorkloadCertificateRequest request, ZoneCaOptions options, DateTimeOffset now, X509Certificate2 issuer) =>
        Create(csr, request.CommonName, CertificateNames.NormalizeDnsNames(request.DnsNames),
            request.Identity with { Subject = IdentitySubject.Workload }, [ServerAuthOid, ClientAuthOid],
            request.Lifetime ?? options.DefaultLeafLifetime, options, now, issuer);

    public static LeafPlan ForNode(VerifiedCsr csr, NodeCertificateRequest request, ZoneCaOptions options, DateTimeOffset now, X509Certificate2 issuer) =>
        Create(csr, request.CommonName, [], request.Identity with { Subject = IdentitySubject.Node }, [ClientAuthOid],
            request.Lifetime ?? options.DefaultLeafLifetime, options, now, issuer);

    private static LeafPlan Create(
        VerifiedCsr csr, string commonName, IReadOnlyList<string> dnsNames, AttestedIdentity identity, IReadOnlyList<string> usages,
        TimeSpan lifetime, ZoneCaOptions options, DateTimeOffset now, X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(identity);
        identity.Validate();
        if (lifetime <= TimeSpan.Zero)
        {
            throw new PkiException(PkiErrorCode.LifetimeInvalid, "A certificate lifetime must be positive.");
        }

        var issuerNotBefore = CaTime.NotBefore(issuer);
        var issuerNotAfter = CaTime.NotAfter(issuer);
        if (now < issuerNotBefore || now >= issuerNotAfter)
        {
            throw new PkiException(PkiErrorCode.CaNotValid, $"The zone's issuing CA is valid from {issuerNotBefore:O} to {issuerNotAfter:O}, not at {now:O}.");
        }

        return new LeafPlan
        {
            Csr = csr,
            CommonName = CertificateNames.RequireCommonName(commonName),
            DnsNames = dnsNames,
            Identity = identity,
            ExtendedKeyUsages = usages,
            // Never before the issuer's own validity: a path whose leaf predates its CA confuses some validators.
            NotBefore = CaTime.Max(now - options.Backdate, issuerNotBefore),
            NotAfter = CaTime.Min(now + lifetime, issuerNotAfter),
            SerialNumber = SerialNumbers.Create(),
        };
    }
}
