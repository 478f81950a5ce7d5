using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Identity;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Identity;

public sealed class AttestedIdentityExtensionTests
{
    // The README's examples, byte for byte: the layout is a contract with relying parties.
    private const string MinimalDer = "3015" + "020101" + "0a0100" + "0c03736778" + "04020102" + "0c016e" + "0101ff";
    private const string FullDer = "3022" + "020101" + "0a0101" + "0c03736e70" + "04020102" + "800103" + "810107" + "8202012c" + "8301aa" + "0c016e" + "010100";

    private static readonly AttestedIdentity Minimal = new() { TeeKind = "sgx", Measurement = [1, 2], NodeId = "n", Simulated = true };

    private static readonly AttestedIdentity Full = new()
    {
        Subject = IdentitySubject.Node,
        TeeKind = "snp",
        Measurement = [1, 2],
        Signer = [3],
        ProductId = 7,
        SecurityVersion = 300,
        PlatformId = [0xaa],
        NodeId = "n",
        Simulated = false,
    };

    [Fact]
    public void Encoding_matches_the_documented_der()
    {
        Assert.Equal(MinimalDer, Convert.ToHexStringLower(AttestedIdentityExtension.Encode(Minimal)));
        Assert.Equal(FullDer, Convert.ToHexStringLower(AttestedIdentityExtension.Encode(Full)));
    }

    [Fact]
    public void Decoding_gives_back_every_field()
    {
        Assert.Equal(Minimal, AttestedIdentityExtension.Decode(Convert.FromHexString(MinimalDer)));
        Assert.Equal(Full, AttestedIdentityExtension.Decode(Convert.FromHexString(FullDer)));
        var sgx = Identities.Sgx();
        Assert.Equal(sgx, AttestedIdentityExtension.Decode(AttestedIdentityExtension.Encode(sgx)));
    }

    [Fact]
    public void Equality_compares_bytes_by_content()
    {
        Assert.Equal(Identities.Sgx(), Identities.Sgx());
        Assert.NotEqual(Identities.Sgx(), Identities.Sgx() with { Signer = null });
        Assert.NotEqual(Identities.Sgx(), Identities.Sgx() with { Measurement = new byte[32] });
    }

    [Fact]
    public void Every_truncation_is_invalid()
    {
        var der = Convert.FromHexString(FullDer);
        for (var length = 0; length < der.Length; length++)
        {
            AssertInvalid(der[..length]);
        }
    }

    [Theory]
    [InlineData(MinimalDer + "00")] // trailing byte
    [InlineData("3015020102" + "0a0100" + "0c03736778" + "04020102" + "0c016e" + "0101ff")] // version 2
    [InlineData("3015020101" + "0a0102" + "0c03736778" + "04020102" + "0c016e" + "0101ff")] // unknown subject kind
    [InlineData("3015020101" + "0a0100" + "0c03736576" + "04020102" + "0c016e" + "0101ff")] // "sev"
    [InlineData("3015020101" + "0a0100" + "0c03736778" + "04020102" + "0c016e" + "010101")] // BER boolean, not DER
    [InlineData("3013020101" + "0a0100" + "0c03736778" + "0400" + "0c016e" + "0101ff")] // empty measurement
    [InlineData("3014020101" + "0a0100" + "0c03736778" + "04020102" + "0c00" + "0101ff")] // empty node id
    [InlineData("3018020101" + "0a0100" + "0c03736778" + "04020102" + "8101ff" + "0c016e" + "0101ff")] // negative product id
    [InlineData("301b020101" + "0a0100" + "0c03736778" + "04020102" + "810107" + "800103" + "0c016e" + "0101ff")] // fields out of order
    [InlineData("3012020101" + "0a0100" + "0c03736778" + "04020102" + "0c016e")] // no simulated flag
    public void Malformed_values_are_invalid(string hex) => AssertInvalid(Convert.FromHexString(hex));

    [Fact]
    public void Encoding_refuses_an_invalid_identity()
    {
        var error = Assert.Throws<PkiException>(() => AttestedIdentityExtension.Encode(Minimal with { TeeKind = "SGX" }));
        Assert.Equal(PkiErrorCode.IdentityInvalid, error.Code);
    }

    [Fact]
    public void Reading_a_certificate_without_the_extension_gives_null()
    {
        using var certificate = SelfSigned();
        Assert.Null(AttestedIdentityExtension.Read(certificate));
    }

    [Fact]
    public void A_critical_extension_is_invalid()
    {
        var value = AttestedIdentityExtension.Encode(Minimal);
        using var critical = SelfSigned(new X509Extension(AttestedIdentityExtension.Oid, value, critical: true));
        Assert.Equal(PkiErrorCode.IdentityInvalid, Assert.Throws<PkiException>(() => AttestedIdentityExtension.Read(critical)).Code);
    }

    [Fact]
    public void A_malformed_extension_in_a_certificate_is_invalid()
    {
        using var certificate = SelfSigned(new X509Extension(AttestedIdentityExtension.Oid, [0x30, 0x00], critical: false));
        Assert.Equal(PkiErrorCode.IdentityInvalid, Assert.Throws<PkiException>(() => AttestedIdentityExtension.Read(certificate)).Code);
    }

    [Fact]
    public void The_oid_is_the_attestation_librarys_workload_identity_oid() =>
        Assert.Equal(OpenCcm.Attestation.OpenCcmOids.WorkloadIdentity, AttestedIdentityExtension.Oid);

    private static void AssertInvalid(byte[] der)
    {
        var error = Assert.Throws<PkiException>(() => AttestedIdentityExtension.Decode(der));
        Assert.Equal(PkiErrorCode.IdentityInvalid, error.Code);
    }

    private static X509Certificate2 SelfSigned(params X509Extension[] extensions)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }
}
