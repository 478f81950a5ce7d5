using System.Security.Cryptography;
using OpenCcm.Oci.Model;

namespace OpenCcm.Oci.Tests;

public sealed class VerifiedBlobStreamTests
{
    private static readonly byte[] Content = RandomNumberGenerator.GetBytes(200_000);

    private static OciDescriptor Describe(byte[] content) =>
        new() { MediaType = OciMediaTypes.LayerGzip, Digest = OciDigest.Compute(content), Size = content.Length };

    [Fact]
    public async Task Passes_matching_content_and_marks_it_verified()
    {
        await using var stream = new VerifiedBlobStream(new MemoryStream(Content), Describe(Content));
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.True(stream.IsVerified);
        Assert.Equal(Content, copy.ToArray());
    }

    [Fact]
    public async Task A_flipped_byte_is_a_digest_mismatch_at_the_end()
    {
        var damaged = (byte[])Content.Clone();
        damaged[123_456] ^= 1;
        await using var stream = new VerifiedBlobStream(new MemoryStream(damaged), Describe(Content));
        var error = await Assert.ThrowsAsync<OciException>(() => stream.CopyToAsync(Stream.Null));
        Assert.Equal(OciErrorCodes.BlobDigestMismatch, error.Code);
        Assert.False(stream.IsVerified);
    }

    [Fact]
    public async Task Too_long_fails_as_soon_as_it_is_too_long_and_too_short_at_the_end()
    {
        var descriptor = Describe(Content) with { Size = 1000 };
        await using var longer = new VerifiedBlobStream(new MemoryStream(Content), descriptor);
        Assert.Equal(OciErrorCodes.BlobSizeMismatch, (await Assert.ThrowsAsync<OciException>(() => longer.CopyToAsync(Stream.Null))).Code);

        await using var shorter = new VerifiedBlobStream(new MemoryStream(Content[..999]), descriptor);
        Assert.Equal(OciErrorCodes.BlobSizeMismatch, (await Assert.ThrowsAsync<OciException>(() => shorter.CopyToAsync(Stream.Null))).Code);
    }

    [Fact]
    public async Task VerifyToEnd_checks_what_an_early_stopping_consumer_left()
    {
        var damaged = (byte[])Content.Clone();
        damaged[^1] ^= 1;
        await using var stream = new VerifiedBlobStream(new MemoryStream(damaged), Describe(Content));
        await stream.ReadExactlyAsync(new byte[100]);
        Assert.Equal(OciErrorCodes.BlobDigestMismatch, (await Assert.ThrowsAsync<OciException>(() => stream.VerifyToEndAsync())).Code);
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("sha512:0000")]
    [InlineData("SHA256:8D3BD6CB47127340846E242BECD2A2C94B937EAC63CC1A2D5D79CFBFAB4578BF")]
    public void Malformed_digests_are_refused(string digest) =>
        Assert.Equal(OciErrorCodes.DigestInvalid, Assert.Throws<OciException>(() => OciDigest.Validate(digest)).Code);
}
