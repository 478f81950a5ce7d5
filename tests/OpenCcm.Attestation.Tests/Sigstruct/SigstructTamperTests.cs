using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Tests.Sigstructs;

/// <summary>Every byte of a SIGSTRUCT is signed, key material, or checked: flipping any one must be caught.</summary>
public sealed class SigstructTamperTests
{
    private static readonly byte[] Sample = TestData.Bytes("sgx-sigstruct", "A_sig1_testkey", "sig1.sigstruct.bin");
    private static readonly VerificationContext Context = new() { Time = DateTimeOffset.UnixEpoch };

    private static AttestationVerdict VerifyFlipped(int offset)
    {
        var copy = (byte[])Sample.Clone();
        copy[offset] ^= 0x01;
        return new SigstructVerifier().Verify(copy, Context);
    }

    private static string[] ErrorCodes(AttestationVerdict verdict) => verdict.Errors.Select(e => e.Code).Distinct().Order(StringComparer.Ordinal).ToArray();

    [Theory]
    [InlineData(0, new[] { FindingCodes.SigstructHeaderInvalid, FindingCodes.SignatureInvalid })]       // HEADER
    [InlineData(12, new[] { FindingCodes.SigstructHeaderInvalid, FindingCodes.SignatureInvalid })]      // header type bit 0
    [InlineData(16, new[] { FindingCodes.SigstructHeaderInvalid, FindingCodes.SignatureInvalid })]      // VENDOR
    [InlineData(20, new[] { FindingCodes.SignatureInvalid })]                                           // DATE
    [InlineData(30, new[] { FindingCodes.SigstructHeaderInvalid, FindingCodes.SignatureInvalid })]      // HEADER2
    [InlineData(40, new[] { FindingCodes.SignatureInvalid })]                                           // SWDEFINED
    [InlineData(100, new[] { FindingCodes.SignatureInvalid, FindingCodes.SigstructReservedNotZero })]   // reserved, signed
    [InlineData(128, new[] { FindingCodes.SignatureInvalid, FindingCodes.SigstructQ1Q2Invalid })]       // MODULUS low byte
    [InlineData(511, new[] { FindingCodes.SignatureInvalid, FindingCodes.SigstructQ1Q2Invalid })]       // MODULUS high byte
    [InlineData(512, new[] { FindingCodes.SigstructExponentInvalid })]                                  // EXPONENT
    [InlineData(516, new[] { FindingCodes.SignatureInvalid, FindingCodes.SigstructQ1Q2Invalid })]       // SIGNATURE
    [InlineData(900, new[] { FindingCodes.SignatureInvalid })]                                          // MISCSELECT
    [InlineData(930, new[] { FindingCodes.SignatureInvalid })]                                          // ATTRIBUTES
    [InlineData(960, new[] { FindingCodes.SignatureInvalid })]                                          // ENCLAVEHASH
    [InlineData(1000, new[] { FindingCodes.SignatureInvalid, FindingCodes.SigstructReservedNotZero })]  // reserved, signed
    [InlineData(1024, new[] { FindingCodes.SignatureInvalid })]                                         // ISVPRODID
    [InlineData(1027, new[] { FindingCodes.SignatureInvalid })]                                         // ISVSVN
    [InlineData(1030, new[] { FindingCodes.SigstructReservedNotZero })]                                 // reserved, unsigned
    [InlineData(1040, new[] { FindingCodes.SigstructQ1Q2Invalid })]                                     // Q1
    [InlineData(1424, new[] { FindingCodes.SigstructQ1Q2Invalid })]                                     // Q2
    [InlineData(1807, new[] { FindingCodes.SigstructQ1Q2Invalid })]                                     // Q2 last byte
    public void A_flipped_byte_gives_its_specific_findings(int offset, string[] codes)
    {
        var verdict = VerifyFlipped(offset);

        Assert.False(verdict.Verified);
        Assert.Equal(codes.Order(StringComparer.Ordinal), ErrorCodes(verdict));
    }

    [Fact]
    public void Flipping_any_byte_is_never_verified()
    {
        var missed = Enumerable.Range(0, Sample.Length).Where(i => VerifyFlipped(i).Verified).ToArray();

        Assert.Empty(missed);
    }

    [Fact]
    public void Every_truncation_is_a_format_error()
    {
        var verifier = new SigstructVerifier();
        for (var length = 0; length < Sample.Length; length++)
        {
            var verdict = verifier.Verify(Sample.AsMemory(0, length), Context);
            Assert.False(verdict.Verified);
            Assert.Equal([FindingCodes.MalformedEvidence], ErrorCodes(verdict));
            Assert.Null(verdict.Claims);
        }

        Assert.Throws<EvidenceFormatException>(() => Sgx.Sigstruct.Parse(Sample.AsMemory(0, 100)));
    }

    [Fact]
    public void Trailing_bytes_are_a_format_error()
    {
        var verdict = new SigstructVerifier().Verify(Sample.Concat(new byte[] { 0 }).ToArray(), Context);

        Assert.False(verdict.Verified);
        Assert.Equal([FindingCodes.TrailingData], ErrorCodes(verdict));
    }

    [Fact]
    public void A_zero_modulus_fails_without_an_exception()
    {
        var copy = (byte[])Sample.Clone();
        Array.Clear(copy, 128, 384);

        var verdict = new SigstructVerifier().Verify(copy, Context);

        Assert.Equal([FindingCodes.SignatureInvalid, FindingCodes.SigstructQ1Q2Invalid], ErrorCodes(verdict));
    }
}
