using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Identity;
using OpenCcm.Pki.Issuance;

namespace OpenCcm.Benchmarks;

/// <summary>
/// The crypto work of one attested issuance with a P-256 zone CA and a P-256 workload key: verifying the CSR's
/// signature and signing the leaf (with and without the post-signing check, in both check modes), beside the bare
/// ECDSA P-256 operations and key import they cannot avoid. The manager's issuance benchmark reports against these.
/// </summary>
[MemoryDiagnoser]
public class IssuanceBenchmarks
{
    private ZoneCertificateAuthority _ca = null!;
    private ZoneCertificateAuthority _fullChainCa = null!;
    private ECDsa _workloadPublicKey = null!;
    private byte[] _csrDer = [];
    private VerifiedCsr _csr = null!;
    private WorkloadCertificateRequest _request = null!;
    private LeafPlan _plan = null!;
    private ECDsa _intermediateKey = null!;
    private X509SignatureGenerator _signer = null!;
    private LeafIssuer _issuer = null!;
    private byte[] _leafDer = [];
    private byte[] _message = [];
    private byte[] _signature = [];

    [GlobalSetup]
    public void Setup()
    {
        _ca = ZoneCertificateAuthority.Create("bench-account", "bench-zone");
        _fullChainCa = ZoneCertificateAuthority.Create(
            "bench-account", "bench-zone", new ZoneCaOptions { IssuedCertificateCheck = IssuedCertificateCheck.FullChain });
        using var workloadKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("app.example.com");
        var request = new CertificateRequest("CN=app", workloadKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(names.Build());
        _csrDer = request.CreateSigningRequest();
        _csr = CsrVerifier.Verify(_csrDer);
        _request = new WorkloadCertificateRequest
        {
            CommonName = "app",
            DnsNames = ["app.example.com"],
            Identity = new AttestedIdentity { TeeKind = TeeKinds.Sgx, Measurement = new byte[32], Signer = new byte[32], ProductId = 1, SecurityVersion = 1, NodeId = "node-1", Simulated = true },
        };
        _plan = LeafPlan.ForWorkload(_csr, _request, _ca.Options, DateTimeOffset.UtcNow, _ca.IntermediateCertificate);
        _intermediateKey = ECDsa.Create();
        _intermediateKey.ImportPkcs8PrivateKey(_ca.ExportIntermediatePrivateKey(), out _);
        _signer = X509SignatureGenerator.CreateForECDsa(_intermediateKey);
        _issuer = new LeafIssuer(_ca.IntermediateCertificate, _signer, HashAlgorithmName.SHA256);
        _leafDer = LeafCertificateSigner.Sign(_plan, _issuer);
        _message = _csrDer;
        _signature = workloadKey.SignData(_message, HashAlgorithmName.SHA256);
        _workloadPublicKey = _csr.PublicKey.GetECDsaPublicKey()!;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ca.Dispose();
        _fullChainCa.Dispose();
        _intermediateKey.Dispose();
        _workloadPublicKey.Dispose();
    }

    /// <summary>A verification with the key already imported.</summary>
    [Benchmark]
    public bool BareEcdsaP256Verify() => _workloadPublicKey.VerifyData(_message, _signature, HashAlgorithmName.SHA256);

    /// <summary>Importing a P-256 public key into the platform (OpenSSL 3): a CSR verification cannot avoid it.</summary>
    [Benchmark]
    public int ImportEcdsaP256PublicKey()
    {
        using var key = _csr.PublicKey.GetECDsaPublicKey()!;
        return key.KeySize;
    }

    [Benchmark]
    public byte[] BareEcdsaP256Sign() => _intermediateKey.SignData(_message, HashAlgorithmName.SHA256);

    [Benchmark]
    public VerifiedCsr VerifyCsr() => CsrVerifier.Verify(_csrDer);

    [Benchmark]
    public byte[] SignLeafWithoutCheck() => LeafCertificateSigner.Sign(_plan, _issuer);

    /// <summary>What decoding a certificate costs on this platform (OpenSSL 3.0: more than signing one).</summary>
    [Benchmark]
    public int LoadCertificate()
    {
        using var certificate = X509CertificateLoader.LoadCertificate(_leafDer);
        return certificate.Version;
    }

    /// <summary>Issuance as the manager does it: plan, sign, post-signing check (issuer signature).</summary>
    [Benchmark]
    public IssuedCertificate IssueWorkloadCertificate()
    {
        var issued = _ca.IssueWorkloadCertificate(_csr, _request);
        issued.Dispose();
        return issued;
    }

    /// <summary>The same with a full X509Chain validation per certificate.</summary>
    [Benchmark]
    public IssuedCertificate IssueWorkloadCertificateFullChainCheck()
    {
        var issued = _fullChainCa.IssueWorkloadCertificate(_csr, _request);
        issued.Dispose();
        return issued;
    }
}
