using OpenCcm.Core.Models;

namespace OpenCcm.Core.Tests.Models;

public sealed class BuildMeasurementsTests
{
    private static Build Build(TeeKind kind, EnclaveInfo? sgx = null, Dictionary<string, string>? measurements = null) => new()
    {
        Id = Guid.NewGuid(), AccountId = Guid.NewGuid(), AppId = Guid.NewGuid(), TeeKind = kind, EnclaveInfo = sgx,
        Measurements = measurements ?? [], Status = BuildStatus.Pending, CreatedAt = default, UpdatedAt = default,
    };

    [Fact]
    public void IdentityOf_IsMrenclaveForSgxLowercased()
    {
        Assert.Equal("abcd", BuildMeasurements.IdentityOf(Build(TeeKind.Sgx, new EnclaveInfo(" ABCD ", "ef", 1, 2))));
    }

    [Theory]
    [InlineData(TeeKind.Tdx, "mrTd")]
    [InlineData(TeeKind.SevSnp, "measurement")]
    [InlineData(TeeKind.Nitro, "pcr0")]
    public void IdentityOf_IsThePrimaryMeasurementOfOtherTees(TeeKind kind, string key)
    {
        var build = Build(kind, measurements: new() { [key] = "00FF", ["other"] = "11" });

        Assert.Equal("00ff", BuildMeasurements.IdentityOf(build));
    }

    [Theory]
    [InlineData(TeeKind.Sgx)]
    [InlineData(TeeKind.Tdx)]
    [InlineData(TeeKind.SevSnp)]
    [InlineData(TeeKind.Nitro)]
    public void IdentityOf_MissingMeasurement_Throws(TeeKind kind)
    {
        Assert.Throws<ArgumentException>(() => BuildMeasurements.IdentityOf(Build(kind, measurements: new() { ["mrenclave"] = "aa" })));
    }
}
