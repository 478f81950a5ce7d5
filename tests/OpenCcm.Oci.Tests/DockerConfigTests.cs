using System.Text;
using OpenCcm.Oci.Registry;

namespace OpenCcm.Oci.Tests;

public sealed class DockerConfigTests
{
    [Fact]
    public void Reads_auths_with_base64_auth_or_username_and_password()
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pa:ss"));
        var config = DockerConfig.Parse(Encoding.UTF8.GetBytes($$"""
            {"auths": {
              "https://index.docker.io/v1/": {"auth": "{{auth}}"},
              "127.0.0.1:5000": {"username": "bob", "password": "pw"},
              "helper.io": {}
            }, "credsStore": "desktop"}
            """));
        Assert.Equal(new RegistryCredentials("alice", "pa:ss"), config.Find("docker.io"));
        Assert.Equal(new RegistryCredentials("bob", "pw"), config.Find("127.0.0.1:5000"));
        Assert.Null(config.Find("helper.io"));
        Assert.Null(config.Find("other.io"));
        Assert.DoesNotContain("pw", new RegistryCredentials("bob", "pw").ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"auths": {"x.io": {"auth": "***"}}}""")]
    [InlineData("""{"auths": {"x.io": {"auth": "bm9jb2xvbg=="}}}""")]
    public void Malformed_configs_are_a_stable_error(string json) =>
        Assert.Equal(OciErrorCodes.CredentialsInvalid, Assert.Throws<OciException>(() => DockerConfig.Parse(Encoding.UTF8.GetBytes(json))).Code);

    [Fact]
    public void Load_honours_DOCKER_CONFIG_style_paths_and_missing_files()
    {
        var directory = Directory.CreateTempSubdirectory("openccm-docker-config").FullName;
        try
        {
            Assert.Empty(DockerConfig.Load(Path.Combine(directory, "config.json")).Registries);
            File.WriteAllText(Path.Combine(directory, "config.json"), """{"auths": {"https://r.example:8443/v2/": {"username": "u", "password": "p"}}}""");
            Assert.Equal("u", DockerConfig.Load(Path.Combine(directory, "config.json")).Find("r.example:8443")?.Username);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
