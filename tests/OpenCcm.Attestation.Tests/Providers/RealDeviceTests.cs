using System.Security.Cryptography;
using OpenCcm.Attestation.Nitro;
using OpenCcm.Attestation.Providers;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Sgx.Dcap;
using OpenCcm.Attestation.Snp;
using Xunit.Abstractions;

namespace OpenCcm.Attestation.Tests.Providers;

/// <summary>
/// The providers on real TEE interfaces. Where the interface is absent (as on the build machines) each test is
/// reported as skipped, with the reason. They run on hardware — a TDX or SEV-SNP guest with configfs-tsm (run as root), a Gramine SGX enclave, a Nitro enclave.
/// Select them with <c>--filter Category=Hardware</c>.
/// </summary>
[Trait("Category", "Hardware")]
public sealed class RealDeviceTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task RealDevice_ConfigfsTsm_EvidenceBindsReportData()
    {
        Skip.IfNot(Directory.Exists(ConfigfsTsmOptions.DefaultRoot), $"{ConfigfsTsmOptions.DefaultRoot} is absent (no TDX/SEV-SNP guest with configfs-tsm).");

        var provider = await ConfigfsTsmProvider.DetectAsync();
        var reportData = RandomNumberGenerator.GetBytes(64);

        var evidence = await provider.GetEvidenceAsync(reportData);

        Assert.Equal(provider.Format, evidence.Format);
        var bound = provider.Format == EvidenceFormats.SnpReport
            ? SnpReport.Parse(evidence.Evidence).ReportData
            : DcapQuote.Parse(evidence.Evidence).TdReport!.ReportData.ToArray();
        Assert.Equal(reportData, bound);
        Assert.Empty(Directory.EnumerateDirectories(ConfigfsTsmOptions.DefaultRoot, "openccm-*"));
        output.WriteLine($"{evidence.Format}: {evidence.Evidence.Length} bytes, auxblob {evidence.AuxiliaryData.Length} bytes, "
            + $"certificates [{string.Join(", ", evidence.SnpCertificates?.Entries.Select(e => e.Kind) ?? [])}].");
    }

    [SkippableFact]
    public async Task RealDevice_Gramine_QuoteBindsReportData()
    {
        Skip.IfNot(File.Exists(Path.Combine(GramineAttestationProvider.DefaultRoot, "attestation_type")), $"{GramineAttestationProvider.DefaultRoot} is absent (not inside a Gramine SGX enclave).");

        var reportData = RandomNumberGenerator.GetBytes(64);
        var provider = GramineAttestationProvider.ForQuotes();
        if (await GramineAttestationProvider.ReadAttestationTypeAsync() != "dcap")
        {
            var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => provider.GetEvidenceAsync(reportData));
            Assert.Equal(FindingCodes.RemoteAttestationUnavailable, error.Code);
            return;
        }

        var evidence = await provider.GetEvidenceAsync(reportData);

        Assert.Equal(reportData, DcapQuote.Parse(evidence.Evidence).EnclaveReport!.ReportData.ToArray());
    }

    [SkippableFact]
    public async Task RealDevice_Gramine_ReportForItselfBindsReportData()
    {
        Skip.IfNot(File.Exists(Path.Combine(GramineAttestationProvider.DefaultRoot, "my_target_info")), $"{GramineAttestationProvider.DefaultRoot} is absent (not inside a Gramine SGX enclave).");

        var own = await GramineAttestationProvider.ReadOwnTargetInfoAsync();
        var reportData = RandomNumberGenerator.GetBytes(64);

        var evidence = await GramineAttestationProvider.ForReports(own).GetEvidenceAsync(reportData);

        var report = SgxReport.Parse(evidence.Evidence);
        Assert.Equal(reportData, report.Body.ReportData.ToArray());
        Assert.Equal(own.Measurement.ToArray(), report.Body.MrEnclave.ToArray());
    }

    [SkippableFact]
    public async Task RealDevice_Nsm_DocumentBindsUserDataAndVerifies()
    {
        Skip.IfNot(File.Exists(NsmDeviceTransport.DefaultDevicePath), $"{NsmDeviceTransport.DefaultDevicePath} is absent (not inside a Nitro enclave).");

        var reportData = RandomNumberGenerator.GetBytes(64);

        var evidence = await new NitroSecureModuleProvider().GetEvidenceAsync(reportData);

        var verdict = new NitroAttestationVerifier().Verify(evidence.Evidence, new VerificationContext { Time = DateTimeOffset.UtcNow });
        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.Equal(reportData, Assert.IsType<NitroClaims>(verdict.Claims).UserData);
    }
}
