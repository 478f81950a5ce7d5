using OpenCcm.Manager.Hosting;

namespace OpenCcm.Manager.Tests;

public class ListenAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    [InlineData("https://0.0.0.0:8443")]
    public void Accepts_HttpsAnywhere_AndHttpOnLoopback(string url)
    {
        Assert.Single(ListenAddresses.Parse([url]));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://10.1.2.3:8080")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("not a url")]
    [InlineData("https://127.0.0.1:8443/path")]
    public void Refuses_PlainHttpOffLoopback_AndNonsense(string url)
    {
        Assert.Throws<ArgumentException>(() => ListenAddresses.Parse([url]));
    }

    [Fact]
    public void Default_IsHttps()
    {
        Assert.Equal("https", Assert.Single(ListenAddresses.Parse([])).Scheme);
    }
}
