using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Snp;
using static OpenCcm.Attestation.Tests.Snp.SnpSamples;

namespace OpenCcm.Attestation.Tests.Snp;

public sealed class SnpReportParserTests
{
    [Fact]
    public void Version_2_sample_parses_every_field()
    {
        var report = SnpReport.Parse(ReportBytes(MilanVcek));

        Assert.Equal(2u, report.Version);
        Assert.Equal(0xB0000UL, report.Policy.Value);
        Assert.True(report.Policy.DebugAllowed);
        Assert.True(report.Policy.SmtAllowed);
        Assert.False(report.Policy.MigrationAgentAllowed);
        Assert.Equal(SnpSigningKey.Vcek, report.SignerInfo.SigningKey);
        Assert.Equal(SnpProduct.Unknown, report.CpuidProduct); // v2 carries no CPUID
        Assert.Equal(0x4405000000000002UL, report.ReportedTcb);
        Assert.True(report.PlatformInfo.SmtEnabled);
        Assert.Equal(new SnpFirmwareVersion(1, 49, 3), report.CurrentFirmware);
        Assert.Null(report.LaunchMitigationVector);
        Assert.Equal(Enumerable.Repeat((byte)0xFF, 32), report.ReportIdMa);
        Assert.Equal(0, report.TrailingByteCount);
    }

    [Fact]
    public void Version_3_sample_names_milan_by_cpuid()
    {
        var report = SnpReport.Parse(ReportBytes(MilanVlek));

        Assert.Equal(3u, report.Version);
        Assert.Equal((byte)0x19, report.CpuidFamily);
        Assert.Equal(SnpProduct.Milan, report.CpuidProduct);
        Assert.Equal(SnpSigningKey.Vlek, report.SignerInfo.SigningKey);
        Assert.False(report.SignerInfo.ChipIdMasked);
        Assert.Equal(1u, report.Vmpl);
        var platform = report.PlatformInfo; // 0x27
        Assert.True(platform.SmtEnabled && platform.TsmeEnabled && platform.EccEnabled && platform.AliasCheckComplete);
        Assert.False(platform.RaplDisabled || platform.CiphertextHidingEnabled || platform.TioEnabled);
        Assert.Equal(0UL, platform.UnknownBits);
    }

    [Fact]
    public void Version_4_parses_like_3_and_other_versions_are_unsupported()
    {
        var v4 = ReportBytes(MilanVlek);
        v4[0] = 4;
        var v1 = ReportBytes(MilanVlek);
        v1[0] = 1;
        var v6 = ReportBytes(MilanVlek);
        v6[0] = 6;

        Assert.Equal(SnpProduct.Milan, SnpReport.Parse(v4).CpuidProduct);
        Assert.Equal(FindingCodes.UnsupportedVersion, Assert.Throws<EvidenceFormatException>(() => SnpReport.Parse(v1)).Code);
        Assert.Equal(FindingCodes.UnsupportedVersion, Assert.Throws<EvidenceFormatException>(() => SnpReport.Parse(v6)).Code);
    }

    [Fact]
    public void Version_5_reads_mitigation_vectors_which_are_reserved_before()
    {
        var v5 = ReportBytes(MilanVlek);
        v5[0] = 5;
        v5[0x1F8] = 0x03;
        v5[0x200] = 0x07;
        var v3 = ReportBytes(MilanVlek);
        v3[0x1F8] = 0x03;

        var report = SnpReport.Parse(v5);

        Assert.Equal(3UL, report.LaunchMitigationVector);
        Assert.Equal(7UL, report.CurrentMitigationVector);
        Assert.Equal(FindingCodes.SnpReservedFieldInvalid, Assert.Throws<EvidenceFormatException>(() => SnpReport.Parse(v3)).Code);
    }

    [Theory]
    [InlineData(MilanVcek, 0x04C)] // reserved after SIGNER_INFO
    [InlineData(MilanVcek, 0x188)] // v2: CPUID bytes are reserved
    [InlineData(MilanVlek, 0x18B)] // v3: reserved after CPUID
    [InlineData(MilanVlek, 0x19F)]
    [InlineData(MilanVlek, 0x1EB)]
    [InlineData(MilanVlek, 0x1EF)]
    [InlineData(MilanVlek, 0x208)]
    [InlineData(MilanVlek, 0x29F)]
    [InlineData(MilanVlek, 0x2D0)]
    [InlineData(MilanVlek, 0x330)]
    [InlineData(MilanVlek, 0x49F)]
    public void Non_zero_reserved_bytes_are_a_format_error(string sample, int offset)
    {
        var error = Assert.Throws<EvidenceFormatException>(() => SnpReport.Parse(Flip(ReportBytes(sample), offset)));

        Assert.Equal(FindingCodes.SnpReservedFieldInvalid, error.Code);
    }

    [Theory]
    [InlineData(0x20u)] // bit 5 of SIGNER_INFO
    [InlineData(2u << 2)] // SIGNING_KEY 2–6 reserved
    [InlineData(6u << 2)]
    public void Reserved_signer_info_values_are_a_format_error(uint signerInfo)
    {
        var report = ReportBytes(MilanVlek);
        BinaryPrimitives.WriteUInt32LittleEndian(report.AsSpan(0x48), signerInfo);

        Assert.Equal(FindingCodes.SnpReservedFieldInvalid, Assert.Throws<EvidenceFormatException>(() => SnpReport.Parse(report)).Code);
    }

    [Fact]
    public void Policy_bit_17_must_be_set()
    {
        var report = ReportBytes(MilanVlek);
        report[0x0A] &= 0xFD;

        Assert.Equal(FindingCodes.SnpReservedFieldInvalid, Assert.Throws<EvidenceFormatException>(() => SnpReport.Parse(report)).Code);
    }

    [Fact]
    public void Policy_bits_decode()
    {
        var policy = new SnpGuestPolicy(0x3F_FF_0201);

        Assert.Equal((byte)1, policy.AbiMinor);
        Assert.Equal((byte)2, policy.AbiMajor);
        Assert.True(policy.SmtAllowed && policy.ReservedBitSet && policy.MigrationAgentAllowed && policy.DebugAllowed && policy.SingleSocket);
        Assert.True(policy.CxlAllowed && policy.MemAes256XtsRequired && policy.RaplDisabled && policy.CiphertextHidingRequired && policy.PageSwapDisabled);
        Assert.Equal(0x3C000000UL, policy.UnknownBits);
        Assert.Equal("0x3fff0201", policy.Hex);
    }

    [Fact]
    public void Unknown_policy_bits_are_a_warning_not_a_refusal()
    {
        var report = ReportBytes(MilanVlek);
        report[0x0F] = 0x80; // POLICY bit 63 (signature then fails, but parsing and the warning stand)

        var verdict = Verifier.Verify(report, Context(MilanVlek));

        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.SnpUnknownFlags && f.Severity == FindingSeverity.Warning);
    }

    [Fact]
    public void Milan_and_genoa_tcb_layout_decodes_sample_a()
    {
        var tcb = SnpTcbVersion.Decode(0x4405000000000002, SnpProduct.Milan);

        Assert.Equal((2, 0, 5, 68), (tcb.BootLoader, tcb.Tee, tcb.Snp, tcb.Microcode));
        Assert.Null(tcb.Fmc);
        Assert.Equal("0x4405000000000002", tcb.RawHex);
        Assert.Equal(tcb.Raw, SnpTcbVersion.Create(SnpProduct.Genoa, 2, 0, 5, 68).Raw);
    }

    [Fact]
    public void Turin_tcb_layout_puts_fmc_first()
    {
        // bytes: FMC 1, BOOT_LOADER 2, TEE 3, SNP 4, reserved 4–6, MICROCODE 5.
        var tcb = SnpTcbVersion.Decode(0x0500000004030201, SnpProduct.Turin);

        Assert.Equal((byte?)1, tcb.Fmc);
        Assert.Equal((2, 3, 4, 5), (tcb.BootLoader, tcb.Tee, tcb.Snp, tcb.Microcode));
        Assert.Equal(tcb.Raw, SnpTcbVersion.Create(SnpProduct.Turin, 2, 3, 4, 5, fmc: 1).Raw);
        Assert.Equal((byte)1, tcb.ToDictionary()["fmc"]);
    }

    [Theory]
    [InlineData(0x19, 0x00, SnpProduct.Milan)]
    [InlineData(0x19, 0x01, SnpProduct.Milan)]
    [InlineData(0x19, 0x0F, SnpProduct.Milan)]
    [InlineData(0x19, 0x10, SnpProduct.Genoa)]
    [InlineData(0x19, 0x11, SnpProduct.Genoa)]
    [InlineData(0x19, 0xA0, SnpProduct.Genoa)]
    [InlineData(0x19, 0x20, SnpProduct.Unknown)]
    [InlineData(0x1A, 0x00, SnpProduct.Turin)]
    [InlineData(0x1A, 0x11, SnpProduct.Turin)]
    [InlineData(0x1A, 0x12, SnpProduct.Unknown)]
    [InlineData(0x17, 0x31, SnpProduct.Unknown)]
    public void Product_from_cpuid(byte family, byte model, SnpProduct expected) =>
        Assert.Equal(expected, SnpProducts.FromCpuid(family, model));

    [Theory]
    [InlineData("Milan-B0", SnpProduct.Milan)]
    [InlineData("Milan", SnpProduct.Milan)]
    [InlineData("Genoa", SnpProduct.Genoa)]
    [InlineData("Turin", SnpProduct.Turin)]
    [InlineData("Rome", SnpProduct.Unknown)]
    [InlineData("", SnpProduct.Unknown)]
    public void Product_from_vek_name(string name, SnpProduct expected) => Assert.Equal(expected, SnpProducts.FromName(name));

    [Fact]
    public void Hw_id_is_read_raw_or_wrapped_in_an_octet_string()
    {
        var chipId = RandomNumberGenerator.GetBytes(64);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(chipId);

        var raw = SnpVekCertificate.Parse(Vcek(chipId));
        var wrapped = SnpVekCertificate.Parse(Vcek(writer.Encode()));
        var turin = SnpVekCertificate.Parse(Vcek(chipId[..8]));

        Assert.Equal(chipId, raw.HwId);
        Assert.Equal(chipId, wrapped.HwId);
        Assert.Equal(chipId[..8], turin.HwId);
        Assert.Equal(FindingCodes.SnpVekInvalid, Assert.Throws<EvidenceFormatException>(() => SnpVekCertificate.Parse(Vcek(chipId[..20]))).Code);
    }

    [Fact]
    public void Turin_hw_id_matches_the_first_8_bytes_of_chip_id()
    {
        var chipId = new byte[64];
        RandomNumberGenerator.Fill(chipId.AsSpan(0, 8));

        Assert.True(SnpVekSelector.HwIdMatches(chipId.AsSpan(0, 8), chipId, SnpProduct.Turin));
        Assert.False(SnpVekSelector.HwIdMatches(chipId.AsSpan(0, 8), chipId, SnpProduct.Milan));
        Assert.True(SnpVekSelector.HwIdMatches(chipId, chipId, SnpProduct.Milan));
    }

    [Fact]
    public void Inspector_shows_the_parsed_fields_and_rejects_malformed_bytes()
    {
        var structure = Verifier.Inspect(ReportBytes(MilanVlek));

        Assert.Equal("8922ebbdd00ec2c541f36a6e7a82a8773a7accb451ed67bc94e740dbe92c93c4e8c9af857f5ceeb5a493df2a570d7bf0", structure["measurement"]);
        Assert.Equal("190101", structure["cpuid"]);
        Assert.Equal("Milan", structure["product"]);
        Assert.Equal("0xd918000000000004", Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(structure["reportedTcb"])["raw"]);
        Assert.IsType<SnpReport>(Verifier.ParseUnverified(ReportBytes(MilanVcek)));
        Assert.Throws<EvidenceFormatException>(() => Verifier.Inspect(new byte[100]));
    }

    private static X509Certificate2 Vcek(byte[] hwIdValue)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest("CN=SEV-VCEK", key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509Extension(SnpVekCertificate.HwIdOid, hwIdValue, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
    }
}
