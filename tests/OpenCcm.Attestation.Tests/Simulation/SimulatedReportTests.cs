using System.Security.Cryptography;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Simulation;

namespace OpenCcm.Attestation.Tests.Simulation;

public sealed class SimulatedReportTests(SimulatedPlatformFixture fixture) : IClassFixture<SimulatedPlatformFixture>
{
    private static readonly VerificationContext Allowing = new() { Time = DateTimeOffset.UtcNow, AllowSimulated = true };

    [Fact]
    public void CreateReport_CarriesTheEnclaveIdentityAndThePlatformsCpuSvn()
    {
        var workload = fixture.Workload(debug: true);
        var reportData = RandomNumberGenerator.GetBytes(64);

        var report = SgxReport.Parse(fixture.Platform.CreateReport(fixture.Agent().TargetInfo, workload, reportData));

        Assert.Equal(workload.MrEnclave.ToArray(), report.Body.MrEnclave.ToArray());
        Assert.Equal(workload.MrSigner.ToArray(), report.Body.MrSigner.ToArray());
        Assert.Equal(3, report.Body.IsvProdId);
        Assert.Equal(5, report.Body.IsvSvn);
        Assert.True(report.Body.Debug);
        Assert.Equal(fixture.Platform.CpuSvn.ToArray(), report.Body.CpuSvn.ToArray());
        Assert.Equal(reportData, report.Body.ReportData.ToArray());
    }

    [Fact]
    public void Report_VerifiesForItsTarget_AsSimulated()
    {
        var agent = fixture.Agent();
        var report = fixture.Platform.CreateReport(agent.TargetInfo, fixture.Workload(), new byte[32]);

        var verdict = fixture.Platform.CreateReportVerifier(agent.TargetInfo).Verify(report, Allowing);

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.True(verdict.Simulated);
        Assert.True(verdict.Has(FindingCodes.SimulatedEvidence));
        Assert.Equal(new string('0', 128), verdict.Claims!.ToDictionary()["reportData"]);
    }

    [Fact]
    public void Report_IsRefusedWithoutAllowingSimulation()
    {
        var agent = fixture.Agent();
        var report = fixture.Platform.CreateReport(agent.TargetInfo, fixture.Workload(), []);

        var verdict = fixture.Platform.CreateReportVerifier(agent.TargetInfo).Verify(report, new VerificationContext { Time = DateTimeOffset.UtcNow });

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SimulatedRootNotTrusted));
    }

    [Fact]
    public void Report_ForAnotherTarget_IsReportMacInvalid()
    {
        var report = fixture.Platform.CreateReport(fixture.Platform.QeTargetInfo, fixture.Workload(), []);

        var verdict = fixture.Platform.CreateReportVerifier(fixture.Agent().TargetInfo).Verify(report, Allowing);

        Assert.False(verdict.Verified);
        Assert.Equal(FindingCodes.ReportMacInvalid, Assert.Single(verdict.Errors).Code);
    }

    [Fact]
    public void Report_FromAnotherPlatform_IsReportMacInvalid()
    {
        using var directory = new TemporaryDirectory();
        using var other = SimulatedSgxPlatform.OpenOrCreate(directory.Path);
        var agent = fixture.Agent();
        var report = other.CreateReport(agent.TargetInfo, fixture.Workload(), []);

        var verdict = fixture.Platform.CreateReportVerifier(agent.TargetInfo).Verify(report, Allowing);

        Assert.True(verdict.Has(FindingCodes.ReportMacInvalid));
    }

    [Fact]
    public void Report_FlippingAnyByte_FailsVerification()
    {
        var agent = fixture.Agent();
        var verifier = fixture.Platform.CreateReportVerifier(agent.TargetInfo);
        var original = fixture.Platform.CreateReport(agent.TargetInfo, fixture.Workload(), RandomNumberGenerator.GetBytes(64));
        for (var offset = 0; offset < SgxReport.Size; offset++)
        {
            var tampered = (byte[])original.Clone();
            tampered[offset] ^= 0x04;

            var verdict = verifier.Verify(tampered, Allowing);

            // KEYID bytes select another key; the rest are MACed or the MAC itself.
            Assert.Equal(FindingCodes.ReportMacInvalid, Assert.Single(verdict.Errors).Code);
        }
    }

    [Fact]
    public void CreateReport_UsesAFreshKeyIdEachTime()
    {
        var target = fixture.Agent().TargetInfo;
        var first = SgxReport.Parse(fixture.Platform.CreateReport(target, fixture.Workload(), []));
        var second = SgxReport.Parse(fixture.Platform.CreateReport(target, fixture.Workload(), []));

        Assert.NotEqual(first.KeyId.ToArray(), second.KeyId.ToArray());
        Assert.NotEqual(first.Mac.ToArray(), second.Mac.ToArray());
    }

    [Fact]
    public void DeriveReportKey_DependsOnEveryTargetField()
    {
        var keyId = RandomNumberGenerator.GetBytes(32);
        var attributes = fixture.Agent().Attributes.ToArray();
        var measurement = fixture.Agent().MrEnclave.ToArray();
        var baseline = fixture.Platform.DeriveReportKey(SgxTargetInfo.Create(measurement, attributes, 0), keyId);
        var otherMeasurement = (byte[])measurement.Clone();
        otherMeasurement[31] ^= 1;
        var otherAttributes = (byte[])attributes.Clone();
        otherAttributes[0] ^= 0x02;
        var otherKeyId = (byte[])keyId.Clone();
        otherKeyId[0] ^= 1;

        Assert.Equal(16, baseline.Length);
        Assert.NotEqual(baseline, fixture.Platform.DeriveReportKey(SgxTargetInfo.Create(otherMeasurement, attributes, 0), keyId));
        Assert.NotEqual(baseline, fixture.Platform.DeriveReportKey(SgxTargetInfo.Create(measurement, otherAttributes, 0), keyId));
        Assert.NotEqual(baseline, fixture.Platform.DeriveReportKey(SgxTargetInfo.Create(measurement, attributes, 1), keyId));
        Assert.NotEqual(baseline, fixture.Platform.DeriveReportKey(SgxTargetInfo.Create(measurement, attributes, 0), otherKeyId));
    }
}
