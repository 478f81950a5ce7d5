using System.Security.Cryptography;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Attestation.Tests.Simulation;

public sealed class SimulatedPlatformStateTests
{
    [Fact]
    public void OpenOrCreate_Twice_SharesOnePlatform()
    {
        using var directory = new TemporaryDirectory();
        using var first = SimulatedSgxPlatform.OpenOrCreate(directory.Path);
        using var second = SimulatedSgxPlatform.OpenOrCreate(directory.Path);
        var keyId = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(first.RootCertificate.RawData, second.RootCertificate.RawData);
        Assert.Equal(first.PckCertificate.RawData, second.PckCertificate.RawData);
        Assert.Equal(first.AttestationPublicKey.ToArray(), second.AttestationPublicKey.ToArray());
        Assert.Equal(first.DeriveReportKey(first.QeTargetInfo, keyId), second.DeriveReportKey(second.QeTargetInfo, keyId));
    }

    [Fact]
    public async Task OpenOrCreate_RacingFromParallelTasks_EndsWithOneSharedState()
    {
        using var directory = new TemporaryDirectory();
        var root = directory.Sub("not-yet-created");
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return SimulatedSgxPlatform.OpenOrCreate(root);
        })).ToArray();

        start.Set();
        var platforms = await Task.WhenAll(tasks);
        try
        {
            var keyId = new byte[32];
            Assert.Single(platforms.Select(p => Convert.ToHexString(p.RootCertificate.RawData)).Distinct());
            Assert.Single(platforms.Select(p => Convert.ToHexString(p.AttestationPublicKey)).Distinct());
            Assert.Single(platforms.Select(p => Convert.ToHexString(p.DeriveReportKey(p.QeTargetInfo, keyId))).Distinct());
            Assert.Equal(["sgx"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
        }
        finally
        {
            foreach (var platform in platforms)
            {
                platform.Dispose();
            }
        }
    }

    [Fact]
    public void OpenOrCreate_DifferentDirectories_AreDifferentPlatforms()
    {
        using var directory = new TemporaryDirectory();
        using var first = SimulatedSgxPlatform.OpenOrCreate(directory.Sub("a"));
        using var second = SimulatedSgxPlatform.OpenOrCreate(directory.Sub("b"));
        var keyId = new byte[32];

        Assert.NotEqual(first.RootCertificate.RawData, second.RootCertificate.RawData);
        Assert.NotEqual(first.DeriveReportKey(first.QeTargetInfo, keyId), second.DeriveReportKey(second.QeTargetInfo, keyId));
        Assert.NotEqual(first.Ppid.ToArray(), second.Ppid.ToArray());
    }

    [Fact]
    public void State_KeysAndSecret_AreOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var directory = new TemporaryDirectory();
        using var platform = SimulatedSgxPlatform.OpenOrCreate(directory.Path);
        var secrets = Directory.GetFiles(platform.StateDirectory).Where(f => f.EndsWith("key.pem", StringComparison.Ordinal) || f.EndsWith(".bin", StringComparison.Ordinal)).ToArray();

        Assert.Equal(6, secrets.Length);
        foreach (var file in secrets)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(platform.StateDirectory));
    }

    [Fact]
    public void OpenOrCreate_CorruptState_IsAClearError()
    {
        using var directory = new TemporaryDirectory();
        using (var platform = SimulatedSgxPlatform.OpenOrCreate(directory.Path))
        {
            File.WriteAllText(Path.Combine(platform.StateDirectory, "pck-key.pem"), "not a key");
        }

        Assert.Throws<InvalidDataException>(() => SimulatedSgxPlatform.OpenOrCreate(directory.Path));
    }
}
