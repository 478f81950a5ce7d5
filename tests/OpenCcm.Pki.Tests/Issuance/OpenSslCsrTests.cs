using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Issuance;

/// <summary>CSRs made by `openssl req`, as an unmodified client would send them.</summary>
public sealed class OpenSslCsrTests(ZoneCaFixture fixture) : IClassFixture<ZoneCaFixture>
{
    [Theory]
    [InlineData("ec", "ec_paramgen_curve:P-256", CsrKeyKind.EcdsaP256)]
    [InlineData("ec", "ec_paramgen_curve:P-384", CsrKeyKind.EcdsaP384)]
    [InlineData("rsa", "rsa_keygen_bits:2048", CsrKeyKind.Rsa)]
    public void An_openssl_csr_is_issued_with_only_the_approved_names(string algorithm, string keyOption, CsrKeyKind kind)
    {
        using var openssl = new OpenSsl();
        var csrBytes = MakeCsr(openssl, algorithm, keyOption, "DER");

        var csr = CsrVerifier.Verify(csrBytes);
        Assert.Equal(kind, csr.KeyKind);
        Assert.Equal(["approved.example.com", "extra.example.com"], csr.RequestedDnsNames);
        using var issued = fixture.Ecdsa.IssueWorkloadCertificate(csr, new WorkloadCertificateRequest
        {
            CommonName = "app",
            DnsNames = ["approved.example.com"],
            Identity = Identities.Sgx(),
        });

        var chain = openssl.Write("chain.pem", fixture.Ecdsa.CaChainPem);
        var leaf = openssl.Write("leaf.pem", issued.Pem);
        openssl.RunOk("verify", "-attime", ZoneCaFixture.Start.ToUnixTimeSeconds().ToString(), "-purpose", "sslserver", "-CAfile", chain, leaf);
        // The certificate's key is the one openssl generated.
        var keyModulus = openssl.RunOk("pkey", "-in", "key.pem", "-pubout");
        var certificateKey = openssl.RunOk("x509", "-in", leaf, "-noout", "-pubkey");
        Assert.Equal(keyModulus, certificateKey);
        var text = openssl.RunOk("x509", "-in", leaf, "-noout", "-ext", "subjectAltName");
        Assert.Contains("DNS:approved.example.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("extra", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_openssl_pem_csr_verifies()
    {
        using var openssl = new OpenSsl();
        Assert.Equal(CsrKeyKind.EcdsaP256, CsrVerifier.Verify(MakeCsr(openssl, "ec", "ec_paramgen_curve:P-256", "PEM")).KeyKind);
    }

    [Theory]
    [InlineData("rsa", "rsa_keygen_bits:1024")]
    [InlineData("ec", "ec_paramgen_curve:P-521")]
    [InlineData("ec", "ec_paramgen_curve:secp256k1")]
    [InlineData("ed25519", null)]
    public void Openssl_csrs_with_unsupported_keys_are_refused(string algorithm, string? keyOption)
    {
        using var openssl = new OpenSsl();
        var error = Assert.Throws<PkiException>(() => CsrVerifier.Verify(MakeCsr(openssl, algorithm, keyOption, "DER")));
        Assert.Equal(PkiErrorCode.CsrKeyUnsupported, error.Code);
    }

    [Theory]
    [InlineData("ec", "ec_paramgen_curve:P-256", "-sha1")]
    [InlineData("rsa", "rsa_keygen_bits:2048", "-sha1")]
    [InlineData("rsa", "rsa_keygen_bits:2048", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:20", "-sha1")]
    public void Csrs_signed_over_sha1_are_refused(string algorithm, string keyOption, params string[] signing)
    {
        using var openssl = new OpenSsl();
        var error = Assert.Throws<PkiException>(() => CsrVerifier.Verify(MakeCsr(openssl, algorithm, keyOption, "DER", signing)));
        Assert.Equal(PkiErrorCode.CsrSignatureAlgorithmUnsupported, error.Code);
    }

    [Theory]
    [InlineData("ec", "ec_paramgen_curve:P-384", "-sha384")]
    [InlineData("ec", "ec_paramgen_curve:P-256", "-sha512")]
    [InlineData("rsa", "rsa_keygen_bits:2048", "-sha512")]
    [InlineData("rsa", "rsa_keygen_bits:2048", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sha256")]
    public void Csrs_signed_over_sha2_or_with_pss_sha2_verify(string algorithm, string keyOption, params string[] signing)
    {
        using var openssl = new OpenSsl();
        CsrVerifier.Verify(MakeCsr(openssl, algorithm, keyOption, "DER", signing));
    }

    private static byte[] MakeCsr(OpenSsl openssl, string algorithm, string? keyOption, string format, params string[] signing)
    {
        string[] keyArguments = keyOption is null
            ? ["genpkey", "-algorithm", algorithm, "-out", "key.pem"]
            : ["genpkey", "-algorithm", algorithm, "-pkeyopt", keyOption, "-out", "key.pem"];
        openssl.RunOk(keyArguments);
        openssl.RunOk([
            "req", "-new", "-key", "key.pem", "-subj", "/CN=requested-by-client",
            "-addext", "subjectAltName=DNS:approved.example.com,DNS:extra.example.com", "-outform", format, "-out", "req.csr", .. signing]);
        return File.ReadAllBytes(openssl.PathOf("req.csr"));
    }
}
