using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Nitro;
using OpenCcm.Attestation.Simulation;
using static OpenCcm.Attestation.Tests.Nitro.NitroTestDocuments;

namespace OpenCcm.Attestation.Tests.Nitro;

/// <summary>The simulated Nitro platform round-trips through the real verifier, and only when trusted.</summary>
public sealed class SimulatedNitroPlatformTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "openccm-nitro-" + Guid.NewGuid().ToString("N"));
    private readonly SimulatedNitroPlatform _platform;
    private readonly NitroAttestationVerifier _verifier = new();

    public SimulatedNitroPlatformTests()
    {
        _platform = SimulatedNitroPlatform.OpenOrCreate(_directory);
    }

    public void Dispose()
    {
        _platform.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_document_round_trips_with_every_claim()
    {
        var pcrs = new Dictionary<int, byte[]> { [0] = Filled(0xA0), [1] = Filled(0xA1), [2] = Filled(0xA2), [8] = Filled(0xA8) };
        byte[] userData = [1, 2, 3], nonce = [4, 5, 6, 7], publicKey = [8, 9];

        var document = _platform.CreateDocument(pcrs, userData, nonce, publicKey, "i-0123456789abcdef0-enc0123456789abcdef");
        var verdict = _verifier.Verify(document, TrustingSimulated(_platform));

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.True(verdict.Simulated);
        Assert.True(verdict.Has(FindingCodes.SimulatedEvidence));
        Assert.False(verdict.Has(FindingCodes.NitroDebugEnclave));
        var claims = Assert.IsType<NitroClaims>(verdict.Claims);
        Assert.Equal("i-0123456789abcdef0-enc0123456789abcdef", claims.ModuleId);
        Assert.Equal(userData, claims.UserData);
        Assert.Equal(nonce, claims.Nonce);
        Assert.Equal(publicKey, claims.PublicKey);
        Assert.Equal(Filled(0xA8), claims.Pcrs[8]);
        Assert.Equal(new byte[48], claims.Pcrs[15]);
        Assert.False(claims.Debug);
        Assert.InRange(claims.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public void By_default_the_enclave_is_a_debug_enclave_with_16_pcrs_and_no_optional_fields()
    {
        var verdict = _verifier.Verify(_platform.CreateDocument(), TrustingSimulated(_platform));

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.True(verdict.Has(FindingCodes.NitroDebugEnclave));
        var claims = Assert.IsType<NitroClaims>(verdict.Claims);
        Assert.Equal(SimulatedNitroPlatform.DefaultPcrCount, claims.Pcrs.Count);
        Assert.Equal(_platform.DefaultModuleId, claims.ModuleId);
        Assert.Null(claims.Nonce);
        Assert.Null(claims.UserData);
        Assert.Null(claims.PublicKey);
    }

    [Fact]
    public void The_document_is_shaped_like_aws()
    {
        var bytes = _platform.CreateDocument();
        var document = NitroAttestationDocument.Parse(bytes);

        Assert.Equal(0x84, bytes[0]); // untagged, like the NSM
        Assert.True(_verifier.LooksLike(bytes));
        Assert.Equal([_platform.Root.RawData, _platform.Intermediate.RawData], document.CaBundle);
        using var leaf = X509CertificateLoader.LoadCertificate(document.Certificate);
        foreach (var certificate in new[] { leaf, _platform.Root, _platform.Intermediate })
        {
            Assert.Equal("1.2.840.10045.4.3.3", certificate.SignatureAlgorithm.Value);
            using var key = certificate.GetECDsaPublicKey();
            Assert.Equal(384, key!.KeySize);
            var marker = certificate.Extensions[OpenCcmOids.SimulatedTee];
            Assert.NotNull(marker);
            Assert.False(marker.Critical);
            Assert.Equal("nitro", new AsnReader(marker.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String));
        }

        Assert.Equal(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(1), leaf.NotAfter - leaf.NotBefore);
    }

    [Fact]
    public void Without_allowing_simulation_the_document_is_refused()
    {
        var verdict = _verifier.Verify(_platform.CreateDocument(), new VerificationContext { Time = DateTimeOffset.UtcNow, SimulatedRoots = [_platform.Root] });

        Assert.False(verdict.Verified);
        Assert.False(verdict.Simulated);
        Assert.Equal([FindingCodes.SimulatedRootNotTrusted], verdict.Errors.Select(f => f.Code));
    }

    [Fact]
    public void Allowing_simulation_without_trusting_this_root_is_refused()
    {
        var otherDirectory = _directory + "-other";
        try
        {
            using var other = SimulatedNitroPlatform.OpenOrCreate(otherDirectory);
            var context = TrustingSimulated(other);

            var verdict = _verifier.Verify(_platform.CreateDocument(), context);

            Assert.False(verdict.Verified);
            Assert.Equal([FindingCodes.SimulatedRootNotTrusted], verdict.Errors.Select(f => f.Code));
        }
        finally
        {
            Directory.Delete(otherDirectory, recursive: true);
        }
    }

    [Fact]
    public void The_root_may_be_trusted_through_collateral()
    {
        var collateral = CollateralSet.LoadDirectories([Path.Combine(_directory, "nitro", "collateral")]);
        var context = new VerificationContext { Time = DateTimeOffset.UtcNow, AllowSimulated = true, Collateral = collateral };

        var verdict = _verifier.Verify(_platform.CreateDocument(), context);

        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.True(verdict.Simulated);
    }

    [Fact]
    public void The_leaf_expires_three_hours_after_the_document()
    {
        var made = DateTimeOffset.UtcNow.AddHours(-12); // the platform's CAs start a day before its creation
        var document = _platform.CreateDocument(time: made);

        Assert.True(_verifier.Verify(document, TrustingSimulated(_platform, made.AddHours(3).AddSeconds(-1))).Verified);
        var late = _verifier.Verify(document, TrustingSimulated(_platform, made.AddHours(3).AddSeconds(1)));
        Assert.False(late.Verified);
        Assert.True(late.Has(FindingCodes.CertificateExpired), string.Join("; ", late.Findings));
    }

    [Fact]
    public void A_flipped_signature_byte_is_a_signature_failure()
    {
        var document = _platform.CreateDocument();
        document[^1] ^= 0x01;

        var verdict = _verifier.Verify(document, TrustingSimulated(_platform));

        Assert.Equal([FindingCodes.SignatureInvalid], verdict.Errors.Select(f => f.Code));
    }

    [Fact]
    public void A_leaf_key_on_another_384_bit_curve_is_refused()
    {
        using var brainpool = ECDsa.Create(ECCurve.NamedCurves.brainpoolP384r1);

        var verdict = _verifier.Verify(CustomDocument(_platform, brainpool), TrustingSimulated(_platform));

        Assert.False(verdict.Verified);
        Assert.Equal([FindingCodes.NitroLeafCertificateInvalid], verdict.Errors.Select(f => f.Code));
    }

    [Fact]
    public void A_p256_leaf_signature_is_not_an_es384_signature()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var verdict = _verifier.Verify(CustomDocument(_platform, p256), TrustingSimulated(_platform));

        Assert.Equal([FindingCodes.NitroCoseInvalid], verdict.Errors.Select(f => f.Code));
    }

    [Fact]
    public void A_custom_document_with_the_aws_layout_verifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.True(_verifier.Verify(CustomDocument(_platform, key), TrustingSimulated(_platform)).Verified);
    }

    [Fact]
    public void A_cabundle_with_an_unused_certificate_is_out_of_order()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var otherDirectory = _directory + "-extra";
        try
        {
            using var other = SimulatedNitroPlatform.OpenOrCreate(otherDirectory);
            var document = CustomDocument(_platform, key, _ => [_platform.Root.RawData, _platform.Intermediate.RawData, other.Intermediate.RawData]);

            var verdict = _verifier.Verify(document, TrustingSimulated(_platform));

            Assert.Equal([FindingCodes.NitroCabundleOrderInvalid], verdict.Errors.Select(f => f.Code));
        }
        finally
        {
            Directory.Delete(otherDirectory, recursive: true);
        }
    }

    [Fact]
    public void A_cabundle_without_the_intermediate_does_not_chain()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var document = CustomDocument(_platform, key, _ => [_platform.Root.RawData]);

        var verdict = _verifier.Verify(document, TrustingSimulated(_platform));

        Assert.False(verdict.Verified);
        Assert.True(verdict.Has(FindingCodes.CertificateChainUntrusted) || verdict.Has(FindingCodes.CertificateChainInvalid), string.Join("; ", verdict.Findings));
    }

    [Fact]
    public void A_document_signed_by_another_key_than_the_leaf_is_refused()
    {
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var genuine = CustomDocument(_platform, leafKey);
        var forged = Sign(System.Security.Cryptography.Cose.CoseMessage.DecodeSign1(genuine).Content!.Value.ToArray(), otherKey);

        var verdict = _verifier.Verify(forged, TrustingSimulated(_platform));

        Assert.True(_verifier.Verify(genuine, TrustingSimulated(_platform)).Verified);
        Assert.Equal([FindingCodes.SignatureInvalid], verdict.Errors.Select(f => f.Code));
    }

    [Fact]
    public void Reopening_gives_the_same_platform_and_keeps_the_keys_private()
    {
        using var again = SimulatedNitroPlatform.OpenOrCreate(_directory);

        Assert.Equal(_platform.Root.RawData, again.Root.RawData);
        Assert.Equal(_platform.Intermediate.RawData, again.Intermediate.RawData);
        Assert.True(_verifier.Verify(again.CreateDocument(), TrustingSimulated(_platform)).Verified);
        var state = Path.Combine(_directory, "nitro");
        Assert.Equal(["platform.pem"], Directory.GetFiles(state).Select(Path.GetFileName));
        Assert.Equal(["nitro-root.pem"], Directory.GetFiles(Path.Combine(state, "collateral")).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(state, "platform.pem")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(state));
        }
    }

    [Fact]
    public void Concurrent_first_opens_agree_on_one_platform()
    {
        var shared = _directory + "-shared";
        try
        {
            var roots = new byte[8][];
            Parallel.For(0, roots.Length, i =>
            {
                using var platform = SimulatedNitroPlatform.OpenOrCreate(shared);
                roots[i] = platform.Root.RawData;
            });

            Assert.All(roots, r => Assert.Equal(roots[0], r));
            Assert.Single(Directory.GetFiles(Path.Combine(shared, "nitro")));
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => _platform.CreateDocument(new Dictionary<int, byte[]> { [32] = new byte[48] }));
        Assert.Throws<ArgumentException>(() => _platform.CreateDocument(new Dictionary<int, byte[]> { [0] = new byte[20] }));
        Assert.Throws<ArgumentException>(() => _platform.CreateDocument(nonce: new byte[513]));
        Assert.Throws<ArgumentException>(() => _platform.CreateDocument(publicKey: []));
    }

    private static byte[] Filled(byte value) => Enumerable.Repeat(value, 48).ToArray();
}
