using System.Text;
using OpenCcm.Attestation.Nitro;
using static OpenCcm.Attestation.Tests.Nitro.NitroTestDocuments;

namespace OpenCcm.Attestation.Tests.Nitro;

/// <summary>Every corruption of a real document is refused with a specific code, never an exception.</summary>
public sealed class NitroRobustnessTests
{
    private static readonly HashSet<string> FormatCodes =
    [
        FindingCodes.NitroCoseInvalid,
        FindingCodes.NitroAlgorithmUnsupported,
        FindingCodes.NitroPayloadInvalid,
        FindingCodes.NitroFieldMissing,
        FindingCodes.NitroFieldInvalid,
        FindingCodes.NitroDigestUnsupported,
    ];

    private static readonly HashSet<string> CertificateCodes =
    [
        FindingCodes.CertificationDataInvalid,
        FindingCodes.CertificateChainInvalid,
        FindingCodes.CertificateChainUntrusted,
        FindingCodes.CertificateSignatureInvalid,
        FindingCodes.CertificateExpired,
        FindingCodes.CertificateNotYetValid,
        FindingCodes.NitroLeafCertificateInvalid,
    ];

    private readonly NitroAttestationVerifier _verifier = new();

    // Every byte of A (header, payload, certificates, signature); C's non-certificate bytes below.
    [Fact]
    public void Flipping_any_byte_is_refused_with_a_specific_code()
    {
        var original = SampleA();
        var context = InsideA;
        var payload = LocatePayload(original);

        for (var i = 0; i < original.Length; i++)
        {
            var tampered = (byte[])original.Clone();
            tampered[i] ^= 0x01;

            var verdict = _verifier.Verify(tampered, context);

            Assert.False(verdict.Verified, $"byte {i}");
            var codes = verdict.Errors.Select(f => f.Code).ToHashSet();
            var explained = codes.Contains(FindingCodes.SignatureInvalid) || codes.Overlaps(FormatCodes)
                // A flip inside a certificate may leave no key to check the signature with.
                || (i >= payload.Start && i < payload.End && codes.Overlaps(CertificateCodes));
            Assert.True(explained, $"byte {i}: {string.Join("; ", verdict.Findings)}");
        }
    }

    [Fact]
    public void Flipping_any_signed_payload_byte_outside_the_certificates_breaks_the_signature()
    {
        var original = SampleC();
        var document = NitroAttestationDocument.Parse(original);
        var (start, end) = LocatePayload(original);
        var certificates = document.CaBundle.Prepend(document.Certificate).Select(der => Find(original, der)).ToArray();

        for (var i = start; i < end; i++)
        {
            if (certificates.Any(c => i >= c.Start && i < c.End))
            {
                continue;
            }

            var tampered = (byte[])original.Clone();
            tampered[i] ^= 0x80;
            var verdict = _verifier.Verify(tampered, InsideC);

            Assert.False(verdict.Verified, $"byte {i}");
            Assert.True(verdict.Has(FindingCodes.SignatureInvalid) || verdict.Errors.Any(f => FormatCodes.Contains(f.Code)), $"byte {i}: {string.Join("; ", verdict.Findings)}");
        }
    }

    [Theory]
    [InlineData(FolderA, "attestation_doc.cbor")]
    [InlineData(FolderC, "attestation_doc.cbor")]
    [InlineData(FolderC, "source_example_attestation.b64")]
    public void Truncation_at_every_length_is_a_format_error(string folder, string file)
    {
        var original = Sample(folder, file);
        for (var length = 0; length < original.Length; length++)
        {
            var verdict = _verifier.Verify(original.AsMemory(0, length), InsideA);

            Assert.False(verdict.Verified, $"length {length}");
            Assert.True(verdict.Errors.Any(f => FormatCodes.Contains(f.Code)), $"length {length}: {string.Join("; ", verdict.Findings)}");
        }
    }

    [Fact]
    public void Trailing_bytes_after_the_message_are_a_format_error()
    {
        byte[] extended = [.. SampleA(), 0x00];

        var verdict = _verifier.Verify(extended, InsideA);

        Assert.Equal([FindingCodes.NitroCoseInvalid], verdict.Errors.Select(f => f.Code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("hEShATgi")]
    [InlineData("////")]
    public void Junk_is_a_format_error(string text)
    {
        var verdict = _verifier.Verify(Encoding.ASCII.GetBytes(text), InsideA);

        Assert.False(verdict.Verified);
        Assert.Contains(verdict.Errors, f => FormatCodes.Contains(f.Code));
    }

    private static (int Start, int End) LocatePayload(byte[] document)
    {
        var payload = System.Security.Cryptography.Cose.CoseMessage.DecodeSign1(document).Content!.Value.ToArray();
        return Find(document, payload);
    }

    private static (int Start, int End) Find(byte[] haystack, byte[] needle)
    {
        var start = haystack.AsSpan().IndexOf(needle);
        Assert.True(start >= 0);
        return (start, start + needle.Length);
    }
}
