namespace OpenCcm.Oci.Tests;

public sealed class ImageReferenceTests
{
    private const string Digest = "sha256:8d3bd6cb47127340846e242becd2a2c94b937eac63cc1a2d5d79cfbfab4578bf";

    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", "latest", null)]
    [InlineData("docker.io/busybox:1.36", "docker.io", "library/busybox", "1.36", null)]
    [InlineData("index.docker.io/acme/app", "docker.io", "acme/app", "latest", null)]
    [InlineData("docker://quay.io/org/app:v1", "quay.io", "org/app", "v1", null)]
    [InlineData("localhost/app", "localhost", "app", "latest", null)]
    [InlineData("127.0.0.1:5000/a/b/c:t_1.0-x", "127.0.0.1:5000", "a/b/c", "t_1.0-x", null)]
    [InlineData("registry.example.com:443/app@" + Digest, "registry.example.com:443", "app", null, Digest)]
    [InlineData("host:5000/app:tag@" + Digest, "host:5000", "app", "tag", Digest)]
    [InlineData("my-org/my__app.x", "docker.io", "my-org/my__app.x", "latest", null)]
    public void Parses_registry_references_with_docker_defaults(string text, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);
        Assert.Equal(ImageReferenceKind.Registry, reference.Kind);
        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest);
        Assert.Equal(digest ?? tag, reference.TagOrDigest);
        Assert.Equal(reference, ImageReference.Parse(reference.ToString()));
    }

    [Theory]
    [InlineData("oci:/tmp/layout", "/tmp/layout", null)]
    [InlineData("oci:/tmp/layout:v1", "/tmp/layout", "v1")]
    [InlineData("oci:/tmp/a:b/c", "/tmp/a:b/c", null)]
    public void Parses_layout_references(string text, string directory, string? tag)
    {
        var reference = ImageReference.Parse(text);
        Assert.Equal(ImageReferenceKind.Layout, reference.Kind);
        Assert.Equal(directory, reference.LayoutPath);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(text, reference.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Busybox", "lowercase")]
    [InlineData("host:5000/App:1", "lowercase")]
    [InlineData("app:-bad", "Invalid tag")]
    [InlineData("app:" + "x", null)]
    [InlineData("app@sha256:abc", "Invalid digest")]
    [InlineData("app@md5:d41d8cd98f00b204e9800998ecf8427e", "Invalid digest")]
    [InlineData("a//b", "Invalid repository")]
    [InlineData("a/-b", "Invalid repository")]
    [InlineData("bad_host.com:/x", "Invalid registry host")]
    [InlineData("oci:", "no directory")]
    [InlineData("oci:/x:..", "Invalid tag")]
    public void Refuses_invalid_references_with_a_clear_error(string text, string? expected)
    {
        if (expected is null)
        {
            Assert.True(ImageReference.TryParse(text, out _, out _));
            return;
        }

        Assert.False(ImageReference.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        var exception = Assert.Throws<OciException>(() => ImageReference.Parse(text));
        Assert.Equal(OciErrorCodes.ReferenceInvalid, exception.Code);
    }

    [Fact]
    public void Repository_names_longer_than_255_characters_are_refused() =>
        Assert.False(ImageReference.TryParse("host.io/" + new string('a', 256), out _, out _));

    [Fact]
    public void WithTag_and_WithDigest_validate()
    {
        var reference = ImageReference.Parse("host.io/app");
        Assert.Equal("host.io/app:v2", reference.WithTag("v2").ToString());
        Assert.Equal($"host.io/app:latest@{Digest}", reference.WithDigest(Digest).ToString());
        Assert.Equal(OciErrorCodes.ReferenceInvalid, Assert.Throws<OciException>(() => reference.WithTag("a b")).Code);
        Assert.Equal(OciErrorCodes.DigestInvalid, Assert.Throws<OciException>(() => reference.WithDigest("sha512:00")).Code);
        Assert.True(reference.SameRepository(reference.WithTag("x")));
        Assert.False(reference.SameRepository(ImageReference.Parse("host.io/other")));
    }
}
