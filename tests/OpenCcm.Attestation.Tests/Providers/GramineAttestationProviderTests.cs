using System.Security.Cryptography;
using OpenCcm.Attestation.Providers;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Attestation.Sgx.Dcap;
using OpenCcm.Attestation.Tests.Simulation;

namespace OpenCcm.Attestation.Tests.Providers;

/// <summary>
/// GramineAttestationProvider against a directory standing for /dev/attestation: the files Gramine's pseudo-FS serves
/// are pre-populated (attestation_type, an empty user_report_data and target_info, and the report or quote Gramine
/// would return for the report data the test is about to pass, made by the simulated SGX platform). The provider
/// writes and reads them with the same calls it makes inside an enclave; the test checks the exact bytes written.
/// </summary>
public sealed class GramineAttestationProviderTests(SimulatedPlatformFixture sgx) : IClassFixture<SimulatedPlatformFixture>, IDisposable
{
    private readonly TemporaryDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_quote_is_read_after_writing_the_64_byte_report_data_and_verifies_as_simulated_evidence()
    {
        var reportData = SHA256.HashData("csr public key"u8);
        byte[] padded = [.. reportData, .. new byte[32]];
        var quote = sgx.Platform.CreateQuote(sgx.Workload(), padded);
        Populate("dcap", ("quote", quote));

        var evidence = await GramineAttestationProvider.ForQuotes(_root.Path).GetEvidenceAsync(reportData);

        Assert.Equal(EvidenceFormats.SgxQuote, evidence.Format);
        Assert.Equal(padded, File.ReadAllBytes(_root.Sub("user_report_data")));
        Assert.Empty(File.ReadAllBytes(_root.Sub("target_info")));
        Assert.Equal(quote, evidence.Evidence.ToArray());
        var verdict = new DcapQuoteVerifier().Verify(evidence.Evidence, TrustingSimulatedSgx());
        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.Equal(Bytes.Hex(padded), verdict.Claims!.ToDictionary()["reportData"]);
    }

    [Fact]
    public async Task A_report_is_read_after_writing_target_info_and_report_data_and_verifies_for_its_target()
    {
        var target = sgx.Agent().TargetInfo;
        var reportData = RandomNumberGenerator.GetBytes(64);
        var report = sgx.Platform.CreateReport(target, sgx.Workload(), reportData);
        Populate("none", ("report", report));

        var evidence = await GramineAttestationProvider.ForReports(target, _root.Path).GetEvidenceAsync(reportData);

        Assert.Equal(EvidenceFormats.SgxReport, evidence.Format);
        Assert.Equal(target.ToBytes(), File.ReadAllBytes(_root.Sub("target_info")));
        Assert.Equal(reportData, File.ReadAllBytes(_root.Sub("user_report_data")));
        Assert.Equal(report, evidence.Evidence.ToArray());
        var verdict = sgx.Platform.CreateReportVerifier(target).Verify(
            evidence.Evidence, new VerificationContext { Time = DateTimeOffset.UtcNow, AllowSimulated = true });
        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("epid")]
    public async Task Quotes_need_dcap_remote_attestation_and_nothing_is_written_otherwise(string type)
    {
        Populate(type, ("quote", [1, 2, 3]));

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(
            () => GramineAttestationProvider.ForQuotes(_root.Path).GetEvidenceAsync(new byte[64]));

        Assert.Equal(FindingCodes.RemoteAttestationUnavailable, error.Code);
        Assert.Contains($"'{type}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sgx.remote_attestation", error.Message, StringComparison.Ordinal);
        Assert.Empty(File.ReadAllBytes(_root.Sub("user_report_data")));
    }

    [Fact]
    public async Task Report_data_over_64_bytes_is_refused_before_any_file_is_touched()
    {
        Populate("dcap", ("quote", [1]));
        var before = File.GetLastWriteTimeUtc(_root.Sub("user_report_data"));

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(
            () => GramineAttestationProvider.ForQuotes(Path.Combine(_root.Path, "absent")).GetEvidenceAsync(new byte[65]));

        Assert.Equal(FindingCodes.ReportDataTooLong, error.Code);
        Assert.Empty(File.ReadAllBytes(_root.Sub("user_report_data")));
        Assert.Equal(before, File.GetLastWriteTimeUtc(_root.Sub("user_report_data")));
    }

    [Fact]
    public async Task Outside_gramine_the_device_is_unavailable()
    {
        var error = await Assert.ThrowsAsync<EvidenceProviderException>(
            () => GramineAttestationProvider.ForQuotes(_root.Sub("attestation")).GetEvidenceAsync(new byte[64]));

        Assert.Equal(FindingCodes.EvidenceDeviceUnavailable, error.Code);
        Assert.Contains("Gramine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_attestation_type_gramine_is_not_on_sgx()
    {
        var error = await Assert.ThrowsAsync<EvidenceProviderException>(
            () => GramineAttestationProvider.ForQuotes(_root.Path).GetEvidenceAsync(new byte[64]));

        Assert.Equal(FindingCodes.EvidenceDeviceUnavailable, error.Code);
        Assert.Contains("Linux-SGX", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_quote_with_other_report_data_is_refused()
    {
        Populate("dcap", ("quote", sgx.Platform.CreateQuote(sgx.Workload(), new byte[64])));

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(
            () => GramineAttestationProvider.ForQuotes(_root.Path).GetEvidenceAsync(RandomNumberGenerator.GetBytes(32)));

        Assert.Equal(FindingCodes.EvidenceReportDataMismatch, error.Code);
    }

    [Fact]
    public async Task A_quote_file_that_is_not_a_quote_is_a_malformed_response()
    {
        Populate("dcap", ("quote", new byte[500]));

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(
            () => GramineAttestationProvider.ForQuotes(_root.Path).GetEvidenceAsync(new byte[64]));

        Assert.Equal(FindingCodes.EvidenceDeviceResponseMalformed, error.Code);
        Assert.IsType<EvidenceFormatException>(error.InnerException);
    }

    [Fact]
    public async Task A_report_of_the_wrong_size_is_refused()
    {
        Populate("dcap", ("report", new byte[SgxReport.Size + 1]));
        var target = SgxTargetInfo.Create(new byte[32], new byte[16], 0);

        var error = await Assert.ThrowsAsync<EvidenceProviderException>(
            () => GramineAttestationProvider.ForReports(target, _root.Path).GetEvidenceAsync(new byte[64]));

        Assert.Equal(FindingCodes.EvidenceDeviceResponseMalformed, error.Code);
    }

    [Fact]
    public async Task Own_target_info_is_read_from_my_target_info()
    {
        var own = SgxTargetInfo.Create(RandomNumberGenerator.GetBytes(32), new byte[16], 0);
        Populate("none", ("my_target_info", own.ToBytes()));

        var read = await GramineAttestationProvider.ReadOwnTargetInfoAsync(_root.Path);

        Assert.Equal(own.ToBytes(), read.ToBytes());
        File.WriteAllBytes(_root.Sub("my_target_info"), new byte[100]);
        var error = await Assert.ThrowsAsync<EvidenceProviderException>(() => GramineAttestationProvider.ReadOwnTargetInfoAsync(_root.Path));
        Assert.Equal(FindingCodes.EvidenceDeviceResponseMalformed, error.Code);
    }

    /// <summary>The pseudo-files Gramine creates on Linux-SGX (libos/src/fs/dev/attestation.c init_sgx_attestation), plus the given ones.</summary>
    private void Populate(string attestationType, params (string Name, byte[] Content)[] files)
    {
        File.WriteAllText(_root.Sub("attestation_type"), attestationType);
        File.WriteAllBytes(_root.Sub("user_report_data"), []);
        File.WriteAllBytes(_root.Sub("target_info"), []);
        foreach (var (name, content) in files)
        {
            File.WriteAllBytes(_root.Sub(name), content);
        }
    }

    private VerificationContext TrustingSimulatedSgx()
    {
        var now = DateTimeOffset.UtcNow;
        var collateral = _root.Sub("collateral");
        sgx.Platform.WriteCollateral(collateral, now);
        return new VerificationContext
        {
            Time = now,
            Collateral = CollateralSet.LoadDirectories([collateral]),
            AllowSimulated = true,
            SimulatedRoots = [sgx.Platform.RootCertificate],
        };
    }
}
