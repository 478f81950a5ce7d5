using OpenCcm.Manager.Hosting;

namespace OpenCcm.Manager.Tests;

/// <summary>
/// A manager that converts (a ccm-runtime, the test registries as its insecure registries), an anonymous registry and
/// one with htpasswd Basic auth, both holding the busybox image as src/busybox:1. Without the tools the manager still
/// runs (the registry CRUD tests need no registry); converting tests skip.
/// </summary>
public sealed class ConverterManagerFixture : IAsyncLifetime, IDisposable
{
    public const string User = "converter";
    public const string UserPassword = "registry password 7";

    private ConverterTestRegistry? _registry;
    private ConverterTestRegistry? _protected;
    private ConverterTestImages? _images;

    public ConverterManagerFixture() => Manager = new RunningManager(Configure);

    public RunningManager Manager { get; }

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("ccm-converter-manager-").FullName;

    internal string Registry => _registry?.Address ?? throw new InvalidOperationException(ConverterTools.MissingReason);

    internal string Protected => _protected?.Address ?? throw new InvalidOperationException(ConverterTools.MissingReason);

    public async Task InitializeAsync()
    {
        if (ConverterTools.MissingReason is null)
        {
            _registry = ConverterTestRegistry.Start();
            _protected = ConverterTestRegistry.Start("--htpasswd", $"{User}:{UserPassword}");
            _images = new ConverterTestImages();
            _images.Push($"{_registry.Address}/src/busybox:1");
            _images.Push($"{_protected.Address}/src/busybox:1", $"{User}:{UserPassword}");
        }

        await Manager.InitializeAsync();
    }

    public Task DisposeAsync() => Manager.DisposeAsync();

    // xunit calls this after DisposeAsync: the registries outlive the manager.
    public void Dispose()
    {
        _images?.Dispose();
        _registry?.Dispose();
        _protected?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void Configure(ManagerOptions options)
    {
        var runtime = ConverterTools.Runtime(Directory);
        options.Converter.RuntimePath = runtime;
        options.Converter.RuntimeLibraries = runtime.StartsWith(Directory, StringComparison.Ordinal) ? [] : null;
        options.Converter.TemporaryDirectory = Directory;
        foreach (var registry in (ConverterTestRegistry?[])[_registry, _protected])
        {
            if (registry is not null)
            {
                options.Converter.InsecureRegistries.Add(registry.Address);
            }
        }
    }
}
