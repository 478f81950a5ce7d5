namespace OpenCcm.Oci.Tests;

/// <summary>One anonymous registry and the umoci-built images, shared by the registry tests.</summary>
public sealed class RegistryFixture : IDisposable
{
    private readonly TestRegistry? _registry;
    private readonly TestImages? _images;

    public RegistryFixture()
    {
        if (Tools.MissingReason is not null)
        {
            return;
        }

        _registry = TestRegistry.Start();
        _images = new TestImages();
    }

    internal TestRegistry Registry => _registry ?? throw new InvalidOperationException(Tools.MissingReason);

    internal TestImages Images => _images ?? throw new InvalidOperationException(Tools.MissingReason);

    public void Dispose()
    {
        _images?.Dispose();
        _registry?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryTestGroup : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
