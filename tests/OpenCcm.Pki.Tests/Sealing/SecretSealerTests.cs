using System.Security.Cryptography;
using OpenCcm.Pki.Sealing;

namespace OpenCcm.Pki.Tests.Sealing;

public sealed class SecretSealerTests : IDisposable
{
    private const string Purpose = "zone-ca/acct/zone/intermediate-key";
    private readonly MasterKey _masterKey = MasterKey.Generate();
    private readonly SecretSealer _sealer;

    public SecretSealerTests() => _sealer = new SecretSealer(_masterKey);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    public void Sealed_secrets_unseal_for_the_same_purpose(int length)
    {
        var secret = RandomNumberGenerator.GetBytes(length);
        using var unsealed = _sealer.Unseal(_sealer.Seal(secret, Purpose), Purpose);
        Assert.Equal(secret, unsealed.Span.ToArray());
    }

    [Fact]
    public void The_blob_is_version_key_id_nonce_ciphertext_tag()
    {
        var secret = RandomNumberGenerator.GetBytes(40);
        var blob = _sealer.Seal(secret, Purpose);

        Assert.Equal(1 + 8 + 12 + 40 + 16, blob.Length);
        Assert.Equal(SecretSealer.Version, blob[0]);
        Assert.Equal(_masterKey.KeyId, blob[1..9]);
        Assert.True(blob.AsSpan().IndexOf(secret.AsSpan(0, 8)) < 0);
        Assert.NotEqual(blob, _sealer.Seal(secret, Purpose)); // a fresh nonce each time
    }

    [Fact]
    public void Another_purpose_does_not_unseal()
    {
        var blob = _sealer.Seal([1, 2, 3], Purpose);
        var error = Assert.Throws<PkiException>(() => _sealer.Unseal(blob, "zone-ca/acct/other-zone/intermediate-key"));
        Assert.Equal(PkiErrorCode.SealedBlobAuthenticationFailed, error.Code);
    }

    [Fact]
    public void Every_changed_byte_fails_with_the_code_of_its_field()
    {
        var blob = _sealer.Seal(RandomNumberGenerator.GetBytes(32), Purpose);
        for (var i = 0; i < blob.Length; i++)
        {
            var tampered = blob.ToArray();
            tampered[i] ^= 0x01;
            var expected = i switch
            {
                0 => PkiErrorCode.SealedBlobMalformed,
                <= 8 => PkiErrorCode.SealedBlobWrongKey,
                _ => PkiErrorCode.SealedBlobAuthenticationFailed,
            };
            Assert.Equal(expected, Assert.Throws<PkiException>(() => _sealer.Unseal(tampered, Purpose)).Code);
        }
    }

    [Fact]
    public void Every_truncation_fails()
    {
        var blob = _sealer.Seal(RandomNumberGenerator.GetBytes(32), Purpose);
        for (var length = 0; length < blob.Length; length++)
        {
            var code = Assert.Throws<PkiException>(() => _sealer.Unseal(blob.AsSpan(0, length), Purpose)).Code;
            Assert.True(code is PkiErrorCode.SealedBlobMalformed or PkiErrorCode.SealedBlobAuthenticationFailed, $"length {length}: {code}");
        }
    }

    [Fact]
    public void Another_master_key_is_named_as_such()
    {
        using var otherKey = MasterKey.Generate();
        using var other = new SecretSealer(otherKey);
        var error = Assert.Throws<PkiException>(() => other.Unseal(_sealer.Seal([1], Purpose), Purpose));
        Assert.Equal(PkiErrorCode.SealedBlobWrongKey, error.Code);
    }

    [Fact]
    public void A_disposed_secret_can_no_longer_be_read()
    {
        var unsealed = _sealer.Unseal(_sealer.Seal([1, 2, 3], Purpose), Purpose);
        unsealed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => unsealed.Span.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void An_empty_or_overlong_purpose_is_refused(string? purpose)
    {
        purpose ??= new string('p', SecretSealer.MaxPurposeLength + 1);
        Assert.Equal(PkiErrorCode.SealPurposeInvalid, Assert.Throws<PkiException>(() => _sealer.Seal([1], purpose)).Code);
    }

    public void Dispose()
    {
        _sealer.Dispose();
        _masterKey.Dispose();
    }
}
