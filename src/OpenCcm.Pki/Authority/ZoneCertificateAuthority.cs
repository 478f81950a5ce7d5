using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Revocation;

namespace OpenCcm.Pki.Authority;

/// <summary>
/// One zone's CA: a self-signed root and the issuing intermediate that signs node and workload certificates and
/// the zone CRL. Create it once per zone, export the private keys as PKCS#8 for sealing (never store them plain),
/// and load it back from the certificates and keys. Issuance and CRL signing are thread-safe.
/// </summary>
public sealed partial class ZoneCertificateAuthority : IDisposable
{
    private readonly AsymmetricAlgorithm? _rootKey;
    private readonly AsymmetricAlgorithm _intermediateKey;
    private readonly X509SignatureGenerator _intermediateSigner;
    private readonly TimeProvider _time;
    private readonly IssuerSignature _issuerSignature;
    private readonly LeafIssuer _leafIssuer;

    private ZoneCertificateAuthority(
        X509Certificate2 root, AsymmetricAlgorithm? rootKey, X509Certificate2 intermediate, AsymmetricAlgorithm intermediateKey,
        ZoneCaOptions options, TimeProvider time)
    {
        RootCertificate = root;
        IntermediateCertificate = intermediate;
        _rootKey = rootKey;
        _intermediateKey = intermediateKey;
        _intermediateSigner = CaKeys.SignatureGenerator(intermediateKey);
        _issuerSignature = new IssuerSignature(intermediate, CaKeys.HashFor(intermediateKey));
        _leafIssuer = new LeafIssuer(intermediate, _intermediateSigner, CaKeys.HashFor(intermediateKey));
        CaChainPem = intermediate.ExportCertificatePem() + "\n" + root.ExportCertificatePem() + "\n";
        Options = options;
        _time = time;
        (AccountId, ZoneId) = ZoneNames.Read(root.SubjectName);
        KeyAlgorithm = CaKeys.AlgorithmOf(intermediate);
    }

    public string AccountId { get; }

    public string ZoneId { get; }

    public CaKeyAlgorithm KeyAlgorithm { get; }

    public ZoneCaOptions Options { get; }

    /// <summary>The zone's trust anchor: what relying parties pin (Fortanix's zone "certificate").</summary>
    public X509Certificate2 RootCertificate { get; }

    public X509Certificate2 IntermediateCertificate { get; }

    /// <summary>False when loaded without the root key (the root may be kept offline); the root key signs nothing day to day.</summary>
    public bool HasRootKey => _rootKey is not null;

    public string RootPem => RootCertificate.ExportCertificatePem();

    /// <summary>Intermediate then root, PEM: what to append after a leaf for a complete chain.</summary>
    public string CaChainPem { get; }

    /// <summary>Creates a new zone CA for <paramref name="accountId"/> and <paramref name="zoneId"/> (each 1–64 characters).</summary>
    public static ZoneCertificateAuthority Create(string accountId, string zoneId, ZoneCaOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new ZoneCaOptions();
        options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        var rootName = ZoneNames.Build(ZoneNames.RootCommonName, accountId, zoneId);
        var intermediateName = ZoneNames.Build(ZoneNames.IntermediateCommonName, accountId, zoneId);
        var notBefore = CaTime.TruncateToSeconds(time.GetUtcNow()) - options.Backdate;

        var rootKey = CaKeys.CreateRootKey(options.KeyAlgorithm);
        var intermediateKey = CaKeys.CreateIntermediateKey(options.KeyAlgorithm);
        try
        {
            var root = ZoneCaCertificates.CreateRoot(rootName, rootKey, notBefore, notBefore + options.RootLifetime);
            var intermediateNotAfter = CaTime.Min(notBefore + options.IntermediateLifetime, CaTime.NotAfter(root));
            var intermediate = ZoneCaCertificates.CreateIntermediate(intermediateName, intermediateKey, root, rootKey, notBefore, intermediateNotAfter);
            // Same proof as Load: every instance's intermediate has passed X509Chain to its root once, which the
            // per-certificate IssuerSignature check builds on.
            if (!ZoneChain.TryValidate(intermediate, root, null, 2, notBefore, [], out var problem))
            {
                throw new PkiException(PkiErrorCode.CaMaterialInvalid, "The new intermediate does not chain to the new root: " + problem);
            }

            return new ZoneCertificateAuthority(root, rootKey, intermediate, intermediateKey, options, time);
        }
        catch
        {
            rootKey.Dispose();
            intermediateKey.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads a zone CA from DER certificates and PKCS#8 keys (as unsealed). Checks that the root is a self-signed
    /// CA, that the intermediate chains to it (at the intermediate's notBefore: an expired CA still loads, it just cannot issue),
    /// and that each key belongs to its certificate. <paramref name="rootPkcs8"/> may be empty.
    /// </summary>
    public static ZoneCertificateAuthority Load(
        ReadOnlySpan<byte> rootCertificate, ReadOnlySpan<byte> intermediateCertificate, ReadOnlySpan<byte> intermediatePkcs8,
        ReadOnlySpan<byte> rootPkcs8 = default, ZoneCaOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new ZoneCaOptions();
        options.Validate();
        var parts = ZoneCaLoader.Load(rootCertificate, intermediateCertificate, intermediatePkcs8, rootPkcs8);
        return new ZoneCertificateAuthority(parts.Root, parts.RootKey, parts.Intermediate, parts.IntermediateKey, options, timeProvider ?? TimeProvider.System);
    }

    /// <summary>The intermediate's private key, PKCS#8 DER. Seal it, then zero the array (CryptographicOperations.ZeroMemory).</summary>
    public byte[] ExportIntermediatePrivateKey() => _intermediateKey.ExportPkcs8PrivateKey();

    /// <summary>The root's private key, PKCS#8 DER. Seal it, then zero the array.</summary>
    public byte[] ExportRootPrivateKey() =>
        _rootKey?.ExportPkcs8PrivateKey()
        ?? throw new PkiException(PkiErrorCode.CaRootKeyUnavailable, "This zone CA was loaded without its root key.");

    /// <summary>
    /// Signs a workload certificate for a verified CSR: subject CN and DNS names exactly as given (already approved by
    /// the caller), EKU serverAuth+clientAuth, the attested identity extension. Checked before it is returned.
    /// </summary>
    public IssuedCertificate IssueWorkloadCertificate(VerifiedCsr csr, WorkloadCertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(csr);
        ArgumentNullException.ThrowIfNull(request);
        return Issue(LeafPlan.ForWorkload(csr, request, Options, Now(), IntermediateCertificate));
    }

    /// <summary>Signs a node certificate (EKU clientAuth only, no DNS names) carrying the node's attested identity.</summary>
    public IssuedCertificate IssueNodeCertificate(VerifiedCsr csr, NodeCertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(csr);
        ArgumentNullException.ThrowIfNull(request);
        return Issue(LeafPlan.ForNode(csr, request, Options, Now(), IntermediateCertificate));
    }

    /// <summary>
    /// Signs the zone CRL with the intermediate (which issues every leaf): thisUpdate now, nextUpdate after
    /// <paramref name="lifetime"/> (default <see cref="ZoneCaOptions.DefaultCrlLifetime"/>). CRL numbers must grow.
    /// </summary>
    public SignedCrl CreateCrl(IEnumerable<RevokedCertificate> revoked, BigInteger crlNumber, TimeSpan? lifetime = null) =>
        ZoneCrlSigner.Sign(IntermediateCertificate, _intermediateSigner, CaKeys.HashFor(_intermediateKey), revoked, crlNumber, Now(), lifetime ?? Options.DefaultCrlLifetime);

    public void Dispose()
    {
        _rootKey?.Dispose();
        _intermediateKey.Dispose();
        _issuerSignature.Dispose();
        RootCertificate.Dispose();
        IntermediateCertificate.Dispose();
    }

    private DateTimeOffset Now() => CaTime.TruncateToSeconds(_time.GetUtcNow());

    private IssuedCertificate Issue(LeafPlan plan)
    {
        var der = LeafCertificateSigner.Sign(plan, _leafIssuer);
        IssuedCertificateChecker.Check(der, plan, _leafIssuer, _issuerSignature, RootCertificate, IntermediateCertificate, Options.IssuedCertificateCheck);
        return new IssuedCertificate(der, plan, CaChainPem);
    }
}
