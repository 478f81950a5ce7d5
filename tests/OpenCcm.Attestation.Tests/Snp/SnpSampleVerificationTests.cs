using System.Globalization;
using System.Text.Json;
using OpenCcm.Attestation.Snp;
using static OpenCcm.Attestation.Tests.Snp.SnpSamples;

namespace OpenCcm.Attestation.Tests.Snp;

public sealed class SnpSampleVerificationTests
{
    [Theory]
    [InlineData(MilanVcek)]
    [InlineData(MilanVlek)]
    public void Sample_is_authentic_at_its_pinned_time(string sample)
    {
        var verdict = Verifier.Verify(ReportBytes(sample), Context(sample));

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.Equal(EvidenceFormats.SnpReport, verdict.Format);
        Assert.False(verdict.Simulated);
        Assert.Empty(verdict.Errors);
        // The samples come without AMD's CRL: authentic, but revocation is reported unchecked.
        Assert.True(verdict.Has(FindingCodes.RevocationNotChecked));
    }

    [Theory]
    [InlineData(MilanVcek)]
    [InlineData(MilanVlek)]
    public void Claims_equal_every_expected_report_field(string sample)
    {
        var expected = Expected(sample);
        var verdict = Verifier.Verify(ReportBytes(sample), Context(sample));
        var claims = Assert.IsType<SnpClaims>(verdict.Claims);
        var map = claims.ToDictionary();

        Assert.Equal(expected.GetProperty("measurement").GetString(), map["measurement"]);
        Assert.Equal(expected.GetProperty("host_data").GetString(), map["hostData"]);
        Assert.Equal(expected.GetProperty("report_data").GetString(), map["reportData"]);
        Assert.Equal(expected.GetProperty("chip_id").GetString(), map["chipId"]);
        Assert.Equal(expected.GetProperty("policy").GetString(), map["policy"]);
        Assert.Equal(expected.GetProperty("vmpl").GetUInt32(), map["vmpl"]);
        Assert.Equal(expected.GetProperty("version").GetUInt32(), map["version"]);
        Assert.Equal(expected.GetProperty("guest_svn").GetUInt32(), map["guestSvn"]);
        Assert.Equal(expected.GetProperty("platform_info").GetString(), map["platformInfo"]);
        Assert.Equal(expected.GetProperty("id_key_digest").GetString(), map["idKeyDigest"]);
        Assert.Equal(expected.GetProperty("author_key_digest").GetString(), map["authorKeyDigest"]);
        Assert.Equal(expected.GetProperty("report_id").GetString(), map["reportId"]);
        Assert.Equal(expected.GetProperty("product").GetString(), map["product"]);
        Assert.Equal(expected.GetProperty("vek_type").GetString()!.ToLowerInvariant(), map["signingKey"]);

        var report = claims.Report;
        Assert.Equal(expected.GetProperty("sig_algo").GetUInt32(), report.SignatureAlgorithm);
        Assert.Equal(expected.GetProperty("signer_info").GetString(), report.SignerInfo.Hex);
        Assert.Equal(expected.GetProperty("cpuid_fam_mod_step").GetString(), Bytes.Hex([report.CpuidFamily, report.CpuidModel, report.CpuidStepping]));
        var firmware = report.CurrentFirmware;
        Assert.Equal(expected.GetProperty("current_build_minor_major").GetString(), Bytes.Hex([firmware.Build, firmware.Minor, firmware.Major]));

        AssertTcb(expected.GetProperty("reported_tcb"), claims.ReportedTcb, map["reportedTcb"]);
        AssertTcb(expected.GetProperty("current_tcb"), claims.CurrentTcb, map["currentTcb"]);
        AssertTcb(expected.GetProperty("committed_tcb"), claims.CommittedTcb, map["committedTcb"]);
        AssertTcb(expected.GetProperty("launch_tcb"), claims.LaunchTcb, map["launchTcb"]);
    }

    [Theory]
    [InlineData(MilanVcek, SnpCertificateNames.Vcek)]
    [InlineData(MilanVlek, SnpCertificateNames.Vlek)]
    public void Endorsement_key_certificate_matches_expected(string sample, string commonName)
    {
        var expected = Expected(sample);
        var vek = SnpVekCertificate.Parse(CertificateNamed(sample, commonName));

        Assert.Equal(expected.GetProperty("vek_subject_cn").GetString(), SnpCertificateNames.CommonName(vek.Certificate));
        Assert.Equal(expected.GetProperty("vek_issuer_cn").GetString(), vek.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, true));
        Assert.Equal(ParseTime(expected.GetProperty("vek_not_before").GetString()!), vek.Certificate.NotBefore.ToUniversalTime());
        Assert.Equal(ParseTime(expected.GetProperty("vek_not_after").GetString()!), vek.Certificate.NotAfter.ToUniversalTime());
        foreach (var extension in expected.GetProperty("vek_extensions").EnumerateObject())
        {
            Assert.Equal(extension.Value.GetString(), Bytes.Hex(vek.Certificate.Extensions[extension.Name]!.RawData));
        }

        var reported = expected.GetProperty("reported_tcb");
        Assert.Equal((byte?)reported.GetProperty("bl").GetInt32(), vek.BootLoaderSpl);
        Assert.Equal((byte?)reported.GetProperty("tee").GetInt32(), vek.TeeSpl);
        Assert.Equal((byte?)reported.GetProperty("snp").GetInt32(), vek.SnpSpl);
        Assert.Equal((byte?)reported.GetProperty("ucode").GetInt32(), vek.MicrocodeSpl);
        Assert.Equal(SnpProduct.Milan, vek.Product);
        if (vek.Kind == SnpSigningKey.Vcek)
        {
            Assert.Equal(expected.GetProperty("chip_id").GetString(), Bytes.Hex(vek.HwId!));
            Assert.Equal(0, vek.Certificate.SerialNumberBytes.Span[^1]); // AMD issued this VCEK with serial 0
        }
        else
        {
            Assert.Null(vek.HwId);
            Assert.Equal("CN=cc-us-east-2.amazonaws.com", vek.CspId);
        }
    }

    [Theory]
    [InlineData(MilanVcek)]
    [InlineData(MilanVlek)]
    public void One_second_after_the_earliest_expiry_of_the_chain_is_expired(string sample)
    {
        var chain = Certificates(sample);
        var earliest = chain.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime(), TimeSpan.Zero));

        // The platform's chain builder (OpenSSL) counts the notAfter second itself as expired; the second before is valid.
        var atExpiry = Verifier.Verify(ReportBytes(sample), Context(sample, earliest.AddSeconds(-1)));
        var after = Verifier.Verify(ReportBytes(sample), Context(sample, earliest.AddSeconds(1)));

        Assert.True(atExpiry.Verified, string.Join("; ", atExpiry.Findings));
        Assert.False(after.Verified);
        Assert.True(after.Has(FindingCodes.CertificateExpired), string.Join("; ", after.Findings));
    }

    [Fact]
    public void Before_the_vcek_was_issued_it_is_not_yet_valid()
    {
        var verdict = Verifier.Verify(ReportBytes(MilanVcek), Context(MilanVcek, new DateTimeOffset(2022, 9, 24, 0, 0, 0, TimeSpan.Zero)));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateNotYetValid));
    }

    [Fact]
    public void Certificates_given_as_chain_instead_of_collateral_work_too()
    {
        var context = new VerificationContext { Time = PinnedTime(MilanVcek), CertificateChain = Certificates(MilanVcek) };

        Assert.True(Verifier.Verify(ReportBytes(MilanVcek), context).Verified);
    }

    [Fact]
    public void Samples_are_recognised_by_sniffing()
    {
        Assert.True(Verifier.LooksLike(ReportBytes(MilanVcek)));
        Assert.True(Verifier.LooksLike(ReportBytes(MilanVlek)));
        Assert.False(Verifier.LooksLike(new byte[SnpReport.Size]));
        Assert.False(Verifier.LooksLike(ReportBytes(MilanVcek).AsSpan(0, SnpReport.Size - 1)));
        Assert.False(Verifier.LooksLike(TestData.Bytes("sgx-dcap", "A_automata_00606a000000_2025-08", "quote.bin")));
    }

    private static void AssertTcb(JsonElement expected, SnpTcbVersion tcb, object? claim)
    {
        Assert.Equal(expected.GetProperty("bl").GetInt32(), tcb.BootLoader);
        Assert.Equal(expected.GetProperty("tee").GetInt32(), tcb.Tee);
        Assert.Equal(expected.GetProperty("snp").GetInt32(), tcb.Snp);
        Assert.Equal(expected.GetProperty("ucode").GetInt32(), tcb.Microcode);
        Assert.Null(tcb.Fmc);
        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(claim);
        Assert.Equal(expected.GetProperty("raw").GetString(), map["raw"]);
        Assert.Equal(tcb.Microcode, map["microcode"]);
        Assert.False(map.ContainsKey("fmc"));
    }

    private static DateTime ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcDateTime;
}
