using OpenCcm.Oci.Layout;
using OpenCcm.Oci.Registry;

namespace OpenCcm.Oci.Tests;

/// <summary>A registry with htpasswd Basic auth, and one with Docker token auth behind <see cref="TokenServer"/>.</summary>
public sealed class AuthFixture : IDisposable
{
    public AuthFixture()
    {
        if (Tools.MissingReason is not null)
        {
            return;
        }

        Images = new TestImages();
        Basic = TestRegistry.Start("--htpasswd", "alice:wonderland");
        Tokens = new TokenServer("carol", "s3cret");
        Bearer = TestRegistry.Start("--token-realm", Tokens.Realm, "--token-service", TokenServer.Service,
            "--token-issuer", TokenServer.Issuer, "--token-rootcerts", Tokens.RootsPath);
    }

    internal TestImages Images { get; } = null!;

    internal TestRegistry Basic { get; } = null!;

    internal TestRegistry Bearer { get; } = null!;

    internal TokenServer Tokens { get; } = null!;

    public void Dispose()
    {
        Bearer?.Dispose();
        Tokens?.Dispose();
        Basic?.Dispose();
        Images?.Dispose();
    }
}

public sealed class AuthTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    private static RegistryClient Client(TestRegistry registry, RegistryCredentials? credentials)
    {
        var options = new RegistryClientOptions { Credentials = host => host == registry.Address ? credentials : null };
        options.InsecureRegistries.Add(registry.Address);
        return new RegistryClient(options);
    }

    [SkippableFact]
    public async Task Basic_auth_with_credentials_from_a_docker_config_file()
    {
        Tools.SkipUnlessAvailable();
        var reference = fixture.Basic.Reference("basic/app:1");
        fixture.Images.PushWithSkopeo(reference, "--dest-creds", "alice:wonderland");

        var configDirectory = Path.Combine(fixture.Images.Root, "docker-config");
        Directory.CreateDirectory(configDirectory);
        var auth = Convert.ToBase64String("alice:wonderland"u8.ToArray());
        await File.WriteAllTextAsync(Path.Combine(configDirectory, "config.json"), $$"""{"auths": {"{{fixture.Basic.Address}}": {"auth": "{{auth}}"} } }""");
        var config = DockerConfig.Load(Path.Combine(configDirectory, "config.json"));

        using var client = Client(fixture.Basic, config.Find(fixture.Basic.Address));
        var image = await client.OpenRepository(reference).ResolveAsync(reference);
        Assert.Equal(2, image.Layers.Count);

        // Push with Basic too: copy to another repository of the same registry.
        var target = fixture.Basic.Reference("basic/copy:1");
        var copy = await new ImageCopier(client.OpenRepository(reference), client.OpenRepository(target)).CopyAsync(reference, target);
        Assert.Equal(image.ManifestDescriptor.Digest, copy.Manifest.Digest);
    }

    [SkippableFact]
    public async Task Basic_auth_without_or_with_wrong_credentials_is_Unauthorized()
    {
        Tools.SkipUnlessAvailable();
        var reference = fixture.Basic.Reference("basic/denied:1");
        foreach (var credentials in new[] { null, new RegistryCredentials("alice", "wrong") })
        {
            using var client = Client(fixture.Basic, credentials);
            var error = await Assert.ThrowsAsync<OciException>(() => client.OpenRepository(reference).ResolveAsync(reference));
            Assert.Equal(OciErrorCodes.Unauthorized, error.Code);
            Assert.Equal(401, error.HttpStatus);
        }
    }

    [SkippableFact]
    public async Task Bearer_tokens_are_fetched_with_Basic_credentials_and_cached_per_scope()
    {
        Tools.SkipUnlessAvailable();
        var source = fixture.Images.Base;
        var target = fixture.Bearer.Reference("bearer/app:1");
        using var client = Client(fixture.Bearer, new RegistryCredentials("carol", "s3cret"));
        var layout = new OciLayout(fixture.Images.Layout);
        var copy = await new ImageCopier(layout, client.OpenRepository(target)).CopyAsync(source, target);
        Assert.Equal(3, copy.BlobsCopied);
        Assert.Equal(2, client.TokenRequests); // one pull token (HEADs), one pull,push token (uploads, manifest)

        var image = await client.OpenRepository(target).ResolveAsync(target);
        await using (var stream = await client.OpenRepository(target).OpenBlobAsync(image.Layers[0]))
        {
            await stream.VerifyToEndAsync();
        }

        Assert.Equal(copy.Manifest.Digest, image.ManifestDescriptor.Digest);
        Assert.Equal(2, client.TokenRequests);

        // skopeo, an independent client, reads what we pushed through the same token flow.
        var raw = Tools.Run("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", "carol:s3cret", $"docker://{target}");
        Assert.Equal(image.ManifestBytes.ToArray(), System.Text.Encoding.UTF8.GetBytes(raw));
    }

    [SkippableFact]
    public async Task Bearer_token_refused_by_the_token_server_is_Unauthorized()
    {
        Tools.SkipUnlessAvailable();
        var reference = fixture.Bearer.Reference("bearer/denied:1");
        foreach (var credentials in new[] { null, new RegistryCredentials("carol", "wrong") })
        {
            using var client = Client(fixture.Bearer, credentials);
            var error = await Assert.ThrowsAsync<OciException>(() => client.OpenRepository(reference).ResolveAsync(reference));
            Assert.Equal(OciErrorCodes.Unauthorized, error.Code);
        }
    }
}
