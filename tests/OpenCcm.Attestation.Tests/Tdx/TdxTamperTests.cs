namespace OpenCcm.Attestation.Tests.Tdx;

/// <summary>Tampering, truncation and expiry of the real TDX quote of sample A.</summary>
public class TdxTamperTests
{
    // v4 layout: header 0..48, TD report 48..632, signature data length 632, signature 636, key 700, type 6 at 764,
    // QE report 770..1154, QE report signature 1154..1218, auth size 1218, auth data 1220..1252, inner type 1252.
    public static TheoryData<string, int, string> SignedRegions => new()
    {
        { "header", 20, FindingCodes.QuoteSignatureInvalid },
        { "MRTD", 48 + 136, FindingCodes.QuoteSignatureInvalid },
        { "RTMR3", 48 + 328 + 144, FindingCodes.QuoteSignatureInvalid },
        { "REPORTDATA last byte", 631, FindingCodes.QuoteSignatureInvalid },
        { "quote signature", 650, FindingCodes.QuoteSignatureInvalid },
        { "attestation key", 720, FindingCodes.AttestationKeyBindingMismatch },
        { "QE report", 800, FindingCodes.QeReportSignatureInvalid },
        { "QE report signature", 1160, FindingCodes.QeReportSignatureInvalid },
        { "QE auth data", 1230, FindingCodes.AttestationKeyBindingMismatch },
    };

    [Theory]
    [MemberData(nameof(SignedRegions))]
    public void FlippingAByteOfASignedRegion_GivesItsSpecificFinding(string region, int offset, string code)
    {
        var quote = TdxSamples.QuoteA;
        quote[offset] ^= 0x01;

        var verdict = TdxSamples.VerifyA(quote);

        Assert.False(verdict.Verified, region);
        Assert.Contains(verdict.Errors, f => f.Code == code);
    }

    [Fact]
    public void FlippingAnyByteOfTheQuote_NeverThrows()
    {
        var original = TdxSamples.QuoteA.AsSpan(0, 4935).ToArray();
        var pemStart = 1258;
        for (var i = 0; i < original.Length; i++)
        {
            var quote = (byte[])original.Clone();
            quote[i] ^= 0x01;
            var verdict = TdxSamples.VerifyA(quote);
            if (verdict.Verified)
            {
                // Only the PEM text of the PCK chain is unsigned (its certificates sign themselves).
                Assert.True(i >= pemStart, $"byte {i} flipped and still verified");
            }
        }
    }

    [Fact]
    public void TruncatingAtEveryLength_GivesAFormatError()
    {
        var quote = TdxSamples.QuoteA;
        for (var length = 0; length < 4935; length++)
        {
            var verdict = TdxSamples.VerifyA(quote.AsMemory(0, length));

            Assert.True(verdict.Malformed, $"length {length}");
        }
    }

    [Theory]
    [InlineData("2025-11-12T10:45:33Z", FindingCodes.CrlExpired)]          // PCK CRL nextUpdate + 1 s
    [InlineData("2025-11-12T10:46:48Z", FindingCodes.QeIdentityExpired)]   // TD_QE identity nextUpdate + 1 s
    [InlineData("2025-11-18T17:48:51Z", FindingCodes.TcbInfoExpired)]      // TCB info nextUpdate + 1 s
    [InlineData("2031-02-14T12:05:19Z", FindingCodes.CertificateExpired)]  // PCK certificate notAfter + 1 s
    public void OneSecondAfterExpiry_TheQuoteFails_WithTheRightCode(string at, string code)
    {
        var verdict = TdxSamples.VerifyA(TdxSamples.QuoteA, DateTimeOffset.Parse(at));

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => f.Code == code);
    }
}
