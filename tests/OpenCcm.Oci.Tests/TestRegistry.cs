namespace OpenCcm.Oci.Tests;

/// <summary>A docker-registry started by scripts/registry.sh for the lifetime of a fixture.</summary>
internal sealed class TestRegistry : IDisposable
{
    private readonly string _runDirectory;

    private TestRegistry(string runDirectory)
    {
        _runDirectory = runDirectory;
        Address = File.ReadAllText(Path.Combine(runDirectory, "address")).Trim();
    }

    /// <summary>host:port, plain HTTP.</summary>
    public string Address { get; }

    public static TestRegistry Start(params string[] options) =>
        new(Tools.Run(Tools.Script("registry.sh"), ["start", .. options]).Trim());

    public ImageReference Reference(string repositoryAndTag) => ImageReference.Parse($"{Address}/{repositoryAndTag}");

    public void Dispose() => Tools.Run(Tools.Script("registry.sh"), "stop", _runDirectory);
}
