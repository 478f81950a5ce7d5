using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Pki.Interop;
using OpenCcm.Pki.Issuance;
using OpenCcm.Pki.Tests.Support;

namespace OpenCcm.Pki.Tests.Interop;

/// <summary>The CSR path's EC key import through EVP_PKEY_fromdata: in use here, and as strict as the platform's.</summary>
public sealed class OpenSslEcPublicKeysTests
{
    public static TheoryData<string, string> Curves => new()
    {
        { "1.2.840.10045.3.1.7", "nistP256" },
        { "1.3.132.0.34", "nistP384" },
    };

    [Fact]
    public void It_is_in_use_on_this_platform()
    {
        // These machines run .NET on OpenSSL 3: were the probe to fail, CSR checks would silently take the slow path.
        Assert.True(OpenSslEcPublicKeys.Available);
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void An_imported_key_verifies_what_its_private_half_signed_and_nothing_else(string oid, string curve)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        using var imported = OpenSslEcPublicKeys.TryImport(oid, Point(key));
        Assert.NotNull(imported);
        var data = "signed bytes"u8.ToArray();
        var signature = key.SignData(data, HashAlgorithmName.SHA384);
        Assert.True(imported.VerifyData(data, signature, HashAlgorithmName.SHA384));
        data[0] ^= 1;
        Assert.False(imported.VerifyData(data, signature, HashAlgorithmName.SHA384));
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void A_point_off_the_curve_or_of_the_wrong_length_is_refused(string oid, string curve)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        var offCurve = Point(key);
        offCurve[^1] ^= 1;
        Assert.Throws<CryptographicException>(() => OpenSslEcPublicKeys.TryImport(oid, offCurve));
        Assert.Throws<CryptographicException>(() => OpenSslEcPublicKeys.TryImport(oid, Point(key).AsSpan()[..^1]));
        Assert.Throws<CryptographicException>(() => OpenSslEcPublicKeys.TryImport(oid, new byte[Point(key).Length]));
    }

    [Fact]
    public void Other_curves_are_left_to_the_platform() =>
        Assert.Null(OpenSslEcPublicKeys.TryImport("1.3.132.0.35", new byte[133]));

    [Theory]
    [InlineData("SHA256")]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void Csrs_signed_with_each_ecdsa_hash_verify(string hash)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=workload", key, new HashAlgorithmName(hash));
        Assert.Equal(CsrKeyKind.EcdsaP256, CsrVerifier.Verify(request.CreateSigningRequest()).KeyKind);
    }

    [Fact]
    public void A_csr_whose_key_is_moved_off_the_curve_is_a_bad_signature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = Csrs.Ecdsa(key);
        var point = Point(key);
        var at = csr.AsSpan().IndexOf(point);
        Assert.True(at > 0);
        csr[at + point.Length - 1] ^= 1;
        var error = Assert.Throws<PkiException>(() => CsrVerifier.Verify(csr));
        Assert.Equal(PkiErrorCode.CsrSignatureInvalid, error.Code);
    }

    private static byte[] Point(ECDsa key)
    {
        var q = key.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }
}
