namespace OpenCcm.Attestation.Tests.Dcap;

/// <summary>Tampering and truncation of a real quote: specific findings or format errors, never an exception.</summary>
public class DcapTamperTests
{
    public static TheoryData<string, int, string> SignedRegions => new()
    {
        { "header", 10, FindingCodes.QuoteSignatureInvalid },
        { "ISV MRENCLAVE", 112, FindingCodes.QuoteSignatureInvalid },
        { "ISV REPORTDATA last byte", 431, FindingCodes.QuoteSignatureInvalid },
        { "ISV signature", 470, FindingCodes.QuoteSignatureInvalid },
        { "attestation key", 520, FindingCodes.AttestationKeyBindingMismatch },
        { "QE report CPUSVN", 564, FindingCodes.QeReportSignatureInvalid },
        { "QE report MRSIGNER", 564 + 128, FindingCodes.QeReportSignatureInvalid },
        { "QE report REPORTDATA", 564 + 320, FindingCodes.AttestationKeyBindingMismatch },
        { "QE report signature", 980, FindingCodes.QeReportSignatureInvalid },
        { "QE auth data", 1020, FindingCodes.AttestationKeyBindingMismatch },
    };

    [Theory]
    [MemberData(nameof(SignedRegions))]
    public void FlippingAByteOfASignedRegion_GivesItsSpecificFinding(string region, int offset, string code)
    {
        var quote = DcapSamples.QuoteA;
        quote[offset] ^= 0x01;

        var verdict = DcapSamples.VerifyA(quote);

        Assert.False(verdict.Verified, region);
        Assert.Contains(verdict.Errors, f => f.Code == code);
    }

    [Fact]
    public void FlippingAByteOfThePckCertificate_BreaksTheChain()
    {
        var quote = DcapSamples.QuoteA;
        var pem = System.Text.Encoding.ASCII.GetString(quote, 1052, 3682);
        // A character inside the PCK certificate's signature (end of its base64), so the DER stays parseable.
        var at = 1052 + pem.IndexOf("-----END CERTIFICATE-----", StringComparison.Ordinal) - 10;
        quote[at] = quote[at] == (byte)'A' ? (byte)'B' : (byte)'A';

        var verdict = DcapSamples.VerifyA(quote);

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code is FindingCodes.CertificateSignatureInvalid or FindingCodes.CertificationDataInvalid);
    }

    [Fact]
    public void FlippingAnyByte_NeverThrows_AndNeverVerifiesDifferentSignedContent()
    {
        var original = DcapSamples.QuoteA;
        for (var i = 0; i < original.Length; i++)
        {
            var quote = (byte[])original.Clone();
            quote[i] ^= 0x01;
            var verdict = DcapSamples.VerifyA(quote);
            if (verdict.Verified)
            {
                // Only the PEM text of the certification data is unsigned. A verified quote must still rest on the
                // same PCK certificate (intermediates may come from the collateral instead of the quote).
                Assert.InRange(i, 1052, 1052 + 3682 - 1);
                Assert.Equal(PckThumbprint(original), PckThumbprint(quote));
            }
        }
    }

    private static string PckThumbprint(byte[] quote)
    {
        var parsed = Sgx.Dcap.DcapQuote.Parse(quote);
        return Pki.PemBundle.ReadCertificates(parsed.Certification.Data.Span)
            .Single(c => c.Extensions[Intel.PckCertificateExtensions.SgxExtensionsOid] is not null).Thumbprint;
    }

    [Fact]
    public void TruncatingAtEveryLength_GivesAFormatError()
    {
        var quote = DcapSamples.QuoteA;
        for (var length = 0; length < quote.Length; length++)
        {
            var verdict = DcapSamples.VerifyA(quote.AsMemory(0, length));

            Assert.False(verdict.Verified);
            var error = Assert.Single(verdict.Errors);
            Assert.Equal(FindingCodes.MalformedEvidence, error.Code);
        }
    }

    [Fact]
    public void TrailingBytes_AreReported_AndDoNotChangeTheVerdict()
    {
        var quote = DcapSamples.QuoteA.Concat(new byte[17]).ToArray();

        var verdict = DcapSamples.VerifyA(quote);

        Assert.True(verdict.Verified);
        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.TrailingData && f.Message.StartsWith("17 ", StringComparison.Ordinal));
    }

    [Fact]
    public void ATamperedTcbInfo_FailsItsSignature()
    {
        var builder = new CollateralSet.Builder();
        foreach (var file in Directory.EnumerateFiles(TestData.Path("sgx-dcap", DcapSamples.A)).Concat(Directory.EnumerateFiles(TestData.Path("intel-roots"))))
        {
            var bytes = File.ReadAllBytes(file);
            if (Path.GetFileName(file) == "tcb_info.json")
            {
                var text = System.Text.Encoding.ASCII.GetString(bytes).Replace("\"SWHardeningNeeded\"", "\"UpToDate\"", StringComparison.Ordinal);
                bytes = System.Text.Encoding.ASCII.GetBytes(text);
            }

            builder.Add(bytes, file);
        }

        var verdict = DcapSamples.Verifier.Verify(DcapSamples.QuoteA, new VerificationContext { Time = DcapSamples.ATime, Collateral = builder.Build() });

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == FindingCodes.TcbInfoSignatureInvalid);
    }
}
