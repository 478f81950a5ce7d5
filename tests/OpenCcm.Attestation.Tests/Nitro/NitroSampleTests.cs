using System.Text;
using System.Text.Json;
using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Nitro;
using static OpenCcm.Attestation.Tests.Nitro.NitroTestDocuments;

namespace OpenCcm.Attestation.Tests.Nitro;

/// <summary>Real AWS documents (shared/testdata/evidence/nitro) reach the verdicts their expected.json states.</summary>
public sealed class NitroSampleTests
{
    private readonly NitroAttestationVerifier _verifier = new();

    [Fact]
    public void A_is_authentic_inside_its_leaf_window()
    {
        var verdict = _verifier.Verify(SampleA(), InsideA);

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.Equal(EvidenceFormats.Nitro, verdict.Format);
        Assert.False(verdict.Simulated);
        Assert.Empty(verdict.Errors);
        Assert.Contains(verdict.Findings, f => f.Code == FindingCodes.NitroDebugEnclave && f.Severity == FindingSeverity.Warning);
    }

    // The last second (13:19:20 itself) is left out: OpenSSL-backed X509Chain treats notAfter as already expired.
    [Theory]
    [InlineData("2021-09-09T10:19:20Z")]
    [InlineData("2021-09-09T13:19:19Z")]
    public void A_is_authentic_at_the_first_and_last_whole_seconds_of_its_window(string instant) =>
        Assert.True(_verifier.Verify(SampleA(), At(instant)).Verified);

    [Fact]
    public void A_one_second_before_its_leaf_is_not_yet_valid()
    {
        var verdict = _verifier.Verify(SampleA(), At("2021-09-09T10:19:19Z"));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateNotYetValid), string.Join("; ", verdict.Findings));
        Assert.False(verdict.Has(FindingCodes.SignatureInvalid));
    }

    [Fact]
    public void A_one_second_after_its_leaf_has_expired()
    {
        var verdict = _verifier.Verify(SampleA(), At("2021-09-09T13:19:21Z"));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateExpired), string.Join("; ", verdict.Findings));
        Assert.False(verdict.Has(FindingCodes.SignatureInvalid));
    }

    [Theory]
    [InlineData(FolderA, "2021-09-09T10:20:00Z")]
    [InlineData(FolderC, "2024-09-09T19:50:00Z")]
    public void Claims_are_those_of_expected_json(string folder, string instant)
    {
        using var expected = JsonDocument.Parse(Sample(folder, "expected.json"));
        var e = expected.RootElement;

        var verdict = _verifier.Verify(Sample(folder, "attestation_doc.cbor"), At(instant));

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        var claims = Assert.IsType<NitroClaims>(verdict.Claims).ToDictionary();
        Assert.Equal(e.GetProperty("module_id").GetString(), claims["moduleId"]);
        Assert.Equal(e.GetProperty("digest").GetString(), claims["digest"]);
        Assert.Equal(e.GetProperty("timestamp_ms").GetUInt64(), claims["timestamp"]);
        Assert.Equal(e.GetProperty("user_data").GetString(), claims["userData"]);
        Assert.Equal(e.GetProperty("nonce").GetString(), claims["nonce"]);
        Assert.Equal(e.GetProperty("public_key").GetString(), claims.GetValueOrDefault("publicKey"));
        Assert.Equal(e.GetProperty("debug_mode_pcr0_all_zero").GetBoolean(), claims["debug"]);
        var pcrs = Assert.IsType<Dictionary<string, object?>>(claims["pcrs"]);
        Assert.Equal(16, pcrs.Count);
        foreach (var pcr in e.GetProperty("pcrs").EnumerateObject())
        {
            Assert.Equal(pcr.Value.GetString(), pcrs[pcr.Name]);
        }
    }

    [Fact]
    public void C_is_authentic_with_its_nonce()
    {
        var verdict = _verifier.Verify(SampleC(), InsideC);

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        var claims = Assert.IsType<NitroClaims>(verdict.Claims);
        Assert.Equal(Convert.FromHexString("0000000000000000000000000000000000000001"), claims.Nonce);
        Assert.True(claims.Debug);
    }

    [Fact]
    public void C_base64_source_verifies_like_the_binary()
    {
        var verdict = _verifier.Verify(Sample(FolderC, "source_example_attestation.b64"), InsideC);

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        var binary = _verifier.Verify(SampleC(), InsideC);
        Assert.Equal(JsonSerializer.Serialize(binary.Claims!.ToDictionary()), JsonSerializer.Serialize(verdict.Claims!.ToDictionary()));
    }

    [Fact]
    public void Base64_with_line_breaks_and_trailing_newline_is_accepted()
    {
        var text = Convert.ToBase64String(SampleA(), Base64FormattingOptions.InsertLineBreaks) + "\n";

        Assert.True(_verifier.Verify(Encoding.ASCII.GetBytes(text), InsideA).Verified);
    }

    [Fact]
    public void Tag_18_wrapping_is_accepted()
    {
        byte[] tagged = [0xD2, .. SampleA()];

        Assert.True(_verifier.LooksLike(tagged));
        Assert.True(_verifier.Verify(tagged, InsideA).Verified);
    }

    [Fact]
    public void A_tampered_signature_is_a_signature_failure_with_a_valid_chain()
    {
        var verdict = _verifier.Verify(Sample(FolderA, "neg_tampered_signature.cbor"), InsideA);

        Assert.False(verdict.Verified);
        Assert.Equal([FindingCodes.SignatureInvalid], verdict.Errors.Select(f => f.Code));
    }

    [Fact]
    public void A_tampered_certificate_is_a_certificate_failure()
    {
        var verdict = _verifier.Verify(Sample(FolderA, "neg_tampered_certificate.cbor"), InsideA);

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificationDataInvalid), string.Join("; ", verdict.Findings));
    }

    [Fact]
    public void A_with_the_tampered_root_as_cabundle0_is_untrusted()
    {
        var tamperedRoot = Pem(Sample(FolderA, "neg_tampered_root_cert.pem"));

        var verdict = _verifier.Verify(WithRoot(SampleA(), tamperedRoot), InsideA);

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateChainUntrusted), string.Join("; ", verdict.Findings));
    }

    [Fact]
    public void A_with_the_intel_sgx_root_as_cabundle0_is_untrusted_even_when_supplied_as_collateral()
    {
        var intelRoot = Pem(Sample(FolderA, "neg_unknown_ca_intel_sgx_root.pem"));
        var context = new VerificationContext
        {
            Time = InsideA.Time,
            Collateral = new CollateralSet([IntelTrustRoots.SgxRootCas[0]], [], [], [], []),
            CertificateChain = [IntelTrustRoots.SgxRootCas[0]],
        };

        var verdict = _verifier.Verify(WithRoot(SampleA(), intelRoot), context);

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateChainUntrusted), string.Join("; ", verdict.Findings));
    }

    [Fact]
    public void The_pinned_root_is_the_published_one()
    {
        var pem = Pem(TestData.Bytes("nitro", "aws_nitro_enclaves_root_G1.pem"));

        Assert.Equal(pem, NitroTrustRoots.AwsRootG1.RawData);
        Assert.Equal(pem, NitroAttestationDocument.Parse(SampleA()).CaBundle[0]);
        Assert.Equal(pem, NitroAttestationDocument.Parse(SampleC()).CaBundle[0]);
    }

    [Theory]
    [InlineData("neg_invalid_attestation.cbor")]
    [InlineData("neg_invalid_attestation.b64")]
    public void C_invalid_attestation_fails_on_its_signature_alone(string file)
    {
        // Its chain is valid at 2024-07-23T21:30Z (expected.json); only the COSE signature is wrong.
        var verdict = _verifier.Verify(Sample(FolderC, file), At("2024-07-23T21:30:00Z"));

        Assert.False(verdict.Verified);
        Assert.Equal([FindingCodes.SignatureInvalid], verdict.Errors.Select(f => f.Code));
    }

    [Theory]
    [InlineData(FolderA, "attestation_doc.cbor")]
    [InlineData(FolderC, "attestation_doc.cbor")]
    [InlineData(FolderC, "source_example_attestation.b64")]
    [InlineData(FolderC, "neg_invalid_attestation.b64")]
    public void Samples_look_like_nitro(string folder, string file) => Assert.True(_verifier.LooksLike(Sample(folder, file)));

    [Fact]
    public void One_verifier_serves_concurrent_verifications()
    {
        var a = SampleA();
        var c = SampleC();
        var results = new bool[32];

        Parallel.For(0, results.Length, i => results[i] = i % 2 == 0
            ? _verifier.Verify(a, InsideA).Verified
            : !_verifier.Verify(a, At("2021-09-09T13:19:21Z")).Verified && _verifier.Verify(c, InsideC).Verified);

        Assert.All(results, Assert.True);
    }

    [Fact]
    public void No_other_evidence_looks_like_nitro()
    {
        var others = Directory.EnumerateFiles(TestData.EvidenceRoot, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}nitro{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in others)
        {
            Assert.False(_verifier.LooksLike(File.ReadAllBytes(file)), file);
        }
    }

    [Fact]
    public void No_other_registered_verifier_claims_nitro_documents()
    {
        var registry = EvidenceVerifierRegistry.CreateDefault();
        foreach (var file in new[] { "attestation_doc.cbor", "source_example_attestation.b64" })
        {
            var detected = registry.Detect(Sample(FolderC, file));
            Assert.True(detected is null or NitroAttestationVerifier, $"{file}: {detected?.Format}");
        }
    }

    private static byte[] Pem(byte[] pem)
    {
        var text = Encoding.ASCII.GetString(pem);
        var fields = System.Security.Cryptography.PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
