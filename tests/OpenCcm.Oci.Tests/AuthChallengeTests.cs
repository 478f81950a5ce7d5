using OpenCcm.Oci.Registry;

namespace OpenCcm.Oci.Tests;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Parses_a_docker_hub_bearer_challenge()
    {
        var challenge = AuthChallenge.Parse("Bearer", "realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:samalba/my-app:pull,push\"");
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:samalba/my-app:pull,push", challenge.Scope);
    }

    [Fact]
    public void Parses_tokens_escapes_and_spaces()
    {
        var challenge = AuthChallenge.Parse("Basic", " realm = plain , error=\"a \\\"quoted\\\" word\"");
        Assert.True(challenge.IsBasic);
        Assert.Equal("plain", challenge.Realm);
        Assert.Equal("a \"quoted\" word", challenge.Parameters["error"]);
    }

    [Fact]
    public void An_unterminated_quote_is_a_stable_error() =>
        Assert.Equal(OciErrorCodes.AuthChallengeInvalid, Assert.Throws<OciException>(() => AuthChallenge.Parse("Bearer", "realm=\"https://x")).Code);
}
