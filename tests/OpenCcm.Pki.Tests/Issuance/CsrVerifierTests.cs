using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Issuance;

public sealed class CsrVerifierTests
{
    [Fact]
    public void A_p256_csr_verifies_and_reports_its_key_and_requested_names()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = CsrVerifier.Verify(Csrs.Ecdsa(key, "app", "App.Example.com", "other.example.com"));

        Assert.Equal(CsrKeyKind.EcdsaP256, csr.KeyKind);
        Assert.Equal(256, csr.KeySize);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), csr.SubjectPublicKeyInfo);
        Assert.Equal(SHA256.HashData(key.ExportSubjectPublicKeyInfo()), csr.SubjectPublicKeyInfoSha256());
        Assert.Equal(["app.example.com", "other.example.com"], csr.RequestedDnsNames);
        Assert.Equal("CN=app", csr.Subject.Name);
    }

    [Fact]
    public void A_p384_csr_verifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Equal(CsrKeyKind.EcdsaP384, CsrVerifier.Verify(Csrs.Ecdsa(key)).KeyKind);
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    public void Rsa_csrs_of_2048_bits_and_more_verify(int bits)
    {
        using var key = RSA.Create(bits);
        var csr = CsrVerifier.Verify(Csrs.Rsa(key));
        Assert.Equal((CsrKeyKind.Rsa, bits), (csr.KeyKind, csr.KeySize));
    }

    [Fact]
    public void Pem_is_accepted_as_well_as_der()
    {
        var der = Csrs.NewP256();
        var pem = "\n" + PemEncoding.WriteString("CERTIFICATE REQUEST", der) + "\n";
        Assert.Equal(CsrKeyKind.EcdsaP256, CsrVerifier.Verify(Encoding.ASCII.GetBytes(pem)).KeyKind);
    }

    [Fact]
    public void Rsa_1024_is_unsupported()
    {
        using var key = RSA.Create(1024);
        AssertCode(PkiErrorCode.CsrKeyUnsupported, Csrs.Rsa(key));
    }

    [Fact]
    public void P521_is_unsupported()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        AssertCode(PkiErrorCode.CsrKeyUnsupported, Csrs.Ecdsa(key));
    }

    [Fact]
    public void A_flipped_signature_bit_is_a_bad_signature()
    {
        var csr = Csrs.NewP256();
        csr[^5] ^= 0x01; // inside the ECDSA signature's s integer
        AssertCode(PkiErrorCode.CsrSignatureInvalid, csr);
    }

    [Fact]
    public void A_changed_subject_is_a_bad_signature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = Csrs.Ecdsa(key, "aaaa");
        var at = csr.AsSpan().IndexOf("aaaa"u8);
        csr[at] = (byte)'b';
        AssertCode(PkiErrorCode.CsrSignatureInvalid, csr);
    }

    [Fact]
    public void A_csr_signed_by_another_key_is_a_bad_signature()
    {
        using var claimed = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=x"), new PublicKey(claimed), HashAlgorithmName.SHA256);
        var csr = request.CreateSigningRequest(X509SignatureGenerator.CreateForECDsa(signer));
        AssertCode(PkiErrorCode.CsrSignatureInvalid, csr);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("3000")]
    [InlineData("300a0203010001")]
    public void Garbage_is_malformed(string hex) => AssertCode(PkiErrorCode.CsrMalformed, Convert.FromHexString(hex));

    [Fact]
    public void Random_bytes_and_oversized_input_are_malformed()
    {
        AssertCode(PkiErrorCode.CsrMalformed, RandomNumberGenerator.GetBytes(300));
        AssertCode(PkiErrorCode.CsrMalformed, new byte[CsrVerifier.MaxCsrBytes + 1]);
    }

    [Fact]
    public void Trailing_bytes_after_the_csr_are_malformed() => AssertCode(PkiErrorCode.CsrMalformed, [.. Csrs.NewP256(), 0]);

    [Fact]
    public void Pem_of_something_else_is_malformed()
    {
        var pem = PemEncoding.WriteString("CERTIFICATE", Csrs.NewP256());
        AssertCode(PkiErrorCode.CsrMalformed, Encoding.ASCII.GetBytes(pem));
        AssertCode(PkiErrorCode.CsrMalformed, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA"u8.ToArray());
    }

    [Fact]
    public void Every_truncation_fails_with_a_csr_code()
    {
        var csr = Csrs.NewP256();
        for (var length = 0; length < csr.Length; length++)
        {
            var error = Assert.Throws<PkiException>(() => CsrVerifier.Verify(csr.AsSpan(0, length)));
            Assert.True(error.Code is PkiErrorCode.CsrMalformed, $"length {length}: {error.Code}");
        }
    }

    [Fact]
    public void Every_single_byte_change_fails_with_a_csr_code()
    {
        var csr = Csrs.NewP256();
        for (var i = 0; i < csr.Length; i++)
        {
            var tampered = csr.ToArray();
            tampered[i] ^= 0x20;
            var error = Assert.Throws<PkiException>(() => CsrVerifier.Verify(tampered));
            Assert.True(
                error.Code is PkiErrorCode.CsrMalformed or PkiErrorCode.CsrSignatureInvalid or PkiErrorCode.CsrKeyUnsupported,
                $"offset {i}: {error.Code}");
        }
    }

    private static void AssertCode(PkiErrorCode code, byte[] csr)
    {
        var error = Assert.Throws<PkiException>(() => CsrVerifier.Verify(csr));
        Assert.Equal(code, error.Code);
    }
}
