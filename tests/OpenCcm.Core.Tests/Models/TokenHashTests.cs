using OpenCcm.Core.Security;

namespace OpenCcm.Core.Tests.Models;

public sealed class TokenHashTests
{
    [Fact]
    public void Compute_IsSha256OfUtf8()
    {
        // FIPS 180-2 test vector.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(TokenHash.Compute("abc")));
        Assert.Throws<ArgumentException>(() => TokenHash.Compute(""));
    }

    [Fact]
    public void SecretToken_IsPrefixedRandomBase64Url()
    {
        var a = SecretToken.Generate("ccmj");
        var b = SecretToken.Generate("ccmj");

        Assert.StartsWith("ccmj_", a, StringComparison.Ordinal);
        Assert.Equal(5 + 43, a.Length);
        Assert.NotEqual(a, b);
        Assert.DoesNotContain('+', a);
        Assert.DoesNotContain('/', a);
        Assert.Equal(32, TokenHash.Compute(a).Length);
    }
}
