using OpenCcm.Manager.Security;

namespace OpenCcm.Manager.Tests;

public class PasswordHasherTests
{
    private readonly PasswordHasher _hasher = new(iterations: 1_000); // the production cost is tested for shape only

    [Fact]
    public void AHash_VerifiesItsPassword_AndNoOther()
    {
        var stored = _hasher.Hash("correct horse battery staple");

        Assert.True(PasswordHasher.Verify("correct horse battery staple", stored));
        Assert.False(PasswordHasher.Verify("correct horse battery stapler", stored));
        Assert.DoesNotContain("correct", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoHashes_OfOnePassword_Differ()
    {
        Assert.NotEqual(_hasher.Hash("same"), _hasher.Hash("same"));
    }

    [Fact]
    public void DefaultCost_IsOwaspsPbkdf2Recommendation()
    {
        Assert.StartsWith("pbkdf2-sha256$600000$", new PasswordHasher().Hash("x"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$abc$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAA")]
    [InlineData("md5$1$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$99999999999$AAAA$AAAA")]
    public void MalformedStoredHashes_NeverVerify_AndNeverThrow(string stored)
    {
        Assert.False(PasswordHasher.Verify("anything", stored));
    }
}
