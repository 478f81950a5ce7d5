using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Snp;
using static OpenCcm.Attestation.Tests.Snp.SnpSamples;

namespace OpenCcm.Attestation.Tests.Snp;

public sealed class SnpTamperTests
{
    // Flipping a bit of these fields changes how the report is read before its signature is checked.
    private static readonly string[] StructuralCodes =
    [
        FindingCodes.UnsupportedVersion, FindingCodes.SnpReservedFieldInvalid, FindingCodes.SnpSignatureAlgorithmUnsupported,
        FindingCodes.SnpVekMissing, FindingCodes.SnpProductUnknown, FindingCodes.SnpProductMismatch,
    ];

    [Theory]
    [InlineData(MilanVcek)]
    [InlineData(MilanVlek)]
    public void Flipping_any_byte_of_the_signed_region_is_refused(string sample)
    {
        var report = ReportBytes(sample);
        var context = Context(sample);
        for (var offset = 0; offset < SnpReport.SignedLength; offset++)
        {
            var verdict = Verifier.Verify(Flip(report, offset), context);

            Assert.False(verdict.Verified, $"offset 0x{offset:X3}");
            Assert.True(
                verdict.Has(FindingCodes.SignatureInvalid) || StructuralCodes.Any(verdict.Has),
                $"offset 0x{offset:X3}: {string.Join("; ", verdict.Findings)}");
        }
    }

    [Theory]
    [InlineData(0x050)] // REPORT_DATA
    [InlineData(0x090)] // MEASUREMENT
    [InlineData(0x0C0)] // HOST_DATA
    [InlineData(0x030)] // VMPL
    [InlineData(0x008)] // POLICY (ABI minor)
    public void Flipping_a_claim_byte_invalidates_the_signature(int offset)
    {
        var verdict = Verifier.Verify(Flip(ReportBytes(MilanVlek), offset), Context(MilanVlek));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SignatureInvalid));
    }

    [Theory]
    [InlineData(MilanVcek)]
    [InlineData(MilanVlek)]
    public void Flipping_a_byte_of_r_or_s_invalidates_the_signature(string sample)
    {
        var report = ReportBytes(sample);
        var context = Context(sample);
        foreach (var offset in Enumerable.Range(0x2A0, 48).Concat(Enumerable.Range(0x2E8, 48)))
        {
            var verdict = Verifier.Verify(Flip(report, offset), context);

            Assert.False(verdict.Verified);
            Assert.True(verdict.Has(FindingCodes.SignatureInvalid), $"offset 0x{offset:X3}");
        }
    }

    [Theory]
    [InlineData(0x2D0)] // high bytes of R
    [InlineData(0x2E7)]
    [InlineData(0x318)] // high bytes of S
    [InlineData(0x330)] // rest of the SIGNATURE field
    [InlineData(0x49F)]
    public void Non_zero_bytes_beyond_the_48_byte_r_and_s_are_a_format_error(int offset)
    {
        var verdict = Verifier.Verify(Flip(ReportBytes(MilanVcek), offset), Context(MilanVcek));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SnpReservedFieldInvalid));
    }

    [Fact]
    public void Big_endian_reading_of_the_signature_would_not_verify()
    {
        var report = SnpReport.Parse(ReportBytes(MilanVcek));
        var vek = CertificateNamed(MilanVcek, SnpCertificateNames.Vcek);
        using var key = vek.GetECDsaPublicKey()!;
        var raw = report.RawSignature.Span;
        var bigEndian = raw[..48].ToArray().Concat(raw.Slice(72, 48).ToArray()).ToArray();

        Assert.True(key.VerifyData(report.SignedBytes.Span, report.SignatureP1363(), HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.False(key.VerifyData(report.SignedBytes.Span, bigEndian, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Theory]
    [InlineData(MilanVcek)]
    [InlineData(MilanVlek)]
    public void Truncation_at_every_length_is_a_format_error(string sample)
    {
        var report = ReportBytes(sample);
        var context = Context(sample);
        for (var length = 0; length < SnpReport.Size; length++)
        {
            var verdict = Verifier.Verify(report.AsMemory(0, length), context);

            Assert.False(verdict.Verified);
            Assert.Equal(FindingCodes.MalformedEvidence, Assert.Single(verdict.Findings).Code);
            Assert.Throws<EvidenceFormatException>(() => SnpReport.Parse(report.AsMemory(0, length)));
        }
    }

    [Fact]
    public void Trailing_bytes_are_ignored_with_a_warning()
    {
        var padded = ReportBytes(MilanVcek).Concat(new byte[4000 - SnpReport.Size]).ToArray();

        var verdict = Verifier.Verify(padded, Context(MilanVcek));

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.TrailingData && f.Severity == FindingSeverity.Warning);
    }

    [Fact]
    public void A_tampered_reported_tcb_is_both_a_signature_and_a_tcb_mismatch()
    {
        var report = ReportBytes(MilanVcek);
        report[0x187] ^= 0x01; // REPORTED_TCB microcode SPL

        var verdict = Verifier.Verify(report, Context(MilanVcek));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SignatureInvalid));
        Assert.True(verdict.Has(FindingCodes.SnpTcbMismatch));
    }

    [Fact]
    public void A_tampered_chip_id_is_both_a_signature_and_a_chip_id_mismatch()
    {
        var verdict = Verifier.Verify(Flip(ReportBytes(MilanVcek), 0x1A0), Context(MilanVcek));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SignatureInvalid));
        Assert.True(verdict.Has(FindingCodes.SnpChipIdMismatch));
    }

    [Fact]
    public void Vlek_without_its_asvk_does_not_chain()
    {
        var withoutAsvk = Certificates(MilanVlek).Where(c => SnpCertificateNames.CommonName(c) != "SEV-VLEK-Milan");

        var verdict = Verifier.Verify(ReportBytes(MilanVlek), Context(MilanVlek, withoutAsvk));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateChainUntrusted));
    }

    [Fact]
    public void Vlek_report_with_only_the_vcek_chain_of_sample_a_does_not_chain()
    {
        var certificates = Certificates(MilanVcek).Where(c => SnpCertificateNames.CommonName(c) != SnpCertificateNames.Vcek)
            .Append(CertificateNamed(MilanVlek, SnpCertificateNames.Vlek));

        var verdict = Verifier.Verify(ReportBytes(MilanVlek), Context(MilanVlek, certificates));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateChainUntrusted));
    }

    [Theory]
    [InlineData(MilanVcek)]
    [InlineData(MilanVlek)]
    public void Missing_endorsement_key_is_reported(string sample)
    {
        var verdict = Verifier.Verify(ReportBytes(sample), Context(sample, []));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SnpVekMissing));
        Assert.NotNull(verdict.Claims); // the report still says what it says
    }

    [Fact]
    public void A_vcek_of_another_chip_does_not_verify_the_report()
    {
        // Sample C's VLEK presented as if it were the report's key: right kind is required, so flip SIGNER_INFO instead.
        var certificates = Certificates(MilanVcek).Where(c => SnpCertificateNames.CommonName(c) != SnpCertificateNames.Vcek)
            .Append(CertificateNamed(MilanVlek, SnpCertificateNames.Vlek));
        var report = ReportBytes(MilanVcek);
        report[0x048] = 0x04; // SIGNING_KEY = VLEK

        var verdict = Verifier.Verify(report, Context(MilanVcek, certificates, PinnedTime(MilanVlek)));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.SignatureInvalid));
    }

    [Fact]
    public void A_verifier_pinned_to_another_ark_refuses_the_chain()
    {
        var genoaArk = SnpTrustRoots.Amd.Ark(SnpProduct.Genoa)!;
        var verifier = new SnpReportVerifier(new SnpTrustRoots(new Dictionary<SnpProduct, X509Certificate2> { [SnpProduct.Milan] = genoaArk }));

        var verdict = verifier.Verify(ReportBytes(MilanVcek), Context(MilanVcek));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateChainUntrusted) || verdict.Has(FindingCodes.CertificateChainInvalid), string.Join("; ", verdict.Findings));
    }

    [Fact]
    public void A_forged_ask_under_a_forged_ark_is_refused()
    {
        var realAsk = CertificateNamed(MilanVcek, "SEV-Milan");
        var realArk = CertificateNamed(MilanVcek, "ARK-Milan");
        using var forgedArkKey = RSA.Create(2048);
        using var forgedAskKey = RSA.Create(2048);
        var forgedArk = SelfSigned(realArk.SubjectName, forgedArkKey);
        var forgedAsk = new CertificateRequest(realAsk.SubjectName, forgedAskKey, HashAlgorithmName.SHA384, RSASignaturePadding.Pss)
            .Create(forgedArk.SubjectName, X509SignatureGenerator.CreateForRSA(forgedArkKey, RSASignaturePadding.Pss), realAsk.NotBefore, realAsk.NotAfter, [1]);
        var certificates = new[] { CertificateNamed(MilanVcek, SnpCertificateNames.Vcek), forgedAsk, forgedArk };

        var verdict = Verifier.Verify(ReportBytes(MilanVcek), Context(MilanVcek, certificates));

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code is FindingCodes.CertificateSignatureInvalid or FindingCodes.CertificateChainUntrusted or FindingCodes.CertificateChainInvalid);
    }

    [Fact]
    public void A_forged_ark_beside_the_real_chain_does_not_displace_the_pinned_one()
    {
        var realArk = CertificateNamed(MilanVcek, "ARK-Milan");
        using var forgedKey = RSA.Create(2048);
        var certificates = Certificates(MilanVcek).Where(c => c.Thumbprint != realArk.Thumbprint).Append(SelfSigned(realArk.SubjectName, forgedKey));

        var verdict = Verifier.Verify(ReportBytes(MilanVcek), Context(MilanVcek, certificates));

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
    }

    [Fact]
    public void A_flipped_byte_in_the_ask_signature_breaks_the_chain()
    {
        var ask = CertificateNamed(MilanVcek, "SEV-Milan");
        var der = ask.RawData;
        der[^10] ^= 0x01; // inside the RSA-PSS signature value
        var certificates = Certificates(MilanVcek).Where(c => c.Thumbprint != ask.Thumbprint).Append(X509CertificateLoader.LoadCertificate(der));

        var verdict = Verifier.Verify(ReportBytes(MilanVcek), Context(MilanVcek, certificates));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateSignatureInvalid), string.Join("; ", verdict.Findings));
    }

    [Fact]
    public void Unsupported_signature_algorithm_and_unsigned_reports_are_refused()
    {
        var algorithm = ReportBytes(MilanVlek);
        BinaryPrimitives.WriteUInt32LittleEndian(algorithm.AsSpan(0x34), 2);
        var unsigned = ReportBytes(MilanVlek);
        unsigned[0x48] = 7 << 2;

        Assert.True(Verifier.Verify(algorithm, Context(MilanVlek)).Has(FindingCodes.SnpSignatureAlgorithmUnsupported));
        Assert.True(Verifier.Verify(unsigned, Context(MilanVlek)).Has(FindingCodes.SnpReportUnsigned));
    }

    [Fact]
    public void Verifier_is_thread_safe()
    {
        var report = ReportBytes(MilanVlek);
        var context = Context(MilanVlek);

        Parallel.For(0, 64, i => Assert.True(Verifier.Verify(report, context).Verified));
    }

    private static X509Certificate2 SelfSigned(X500DistinguishedName name, RSA key)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA384, RSASignaturePadding.Pss);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UnixEpoch.AddYears(50), DateTimeOffset.UnixEpoch.AddYears(80));
    }
}
