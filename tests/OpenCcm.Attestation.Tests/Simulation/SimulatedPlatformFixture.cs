using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Attestation.Tests.Simulation;

/// <summary>One simulated SGX platform shared by a test class (creating one costs a few key generations).</summary>
public sealed class SimulatedPlatformFixture : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public SimulatedPlatformFixture()
    {
        Platform = SimulatedSgxPlatform.OpenOrCreate(_directory.Path);
    }

    public SimulatedSgxPlatform Platform { get; }

    public string Directory => _directory.Path;

    public SimulatedEnclave Workload(bool debug = false) =>
        Platform.CreateEnclave(Enumerable.Repeat((byte)0xA1, 32).ToArray(), Enumerable.Repeat((byte)0xB2, 32).ToArray(), 3, 5, debug);

    public SimulatedEnclave Agent() =>
        Platform.CreateEnclave(Enumerable.Repeat((byte)0xC3, 32).ToArray(), Enumerable.Repeat((byte)0xD4, 32).ToArray(), 1, 1);

    public void Dispose()
    {
        Platform.Dispose();
        _directory.Dispose();
    }
}
