using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Enclave.Measurement;

namespace OpenCcm.Enclave.Tests;

public sealed class MeasurementTests
{
    private static readonly byte[] Runtime = Encoding.UTF8.GetBytes("ccm-runtime executable bytes");
    private static readonly byte[] ManifestBytes = Encoding.UTF8.GetBytes("{\"version\": 1, \"entrypoint\": \"/a\"}\n");
    private static readonly DateOnly Date = new(2026, 1, 9);

    [Fact]
    public void Mrenclave_follows_the_contract_formula()
    {
        var expected = SHA256.HashData([.. "OpenCCM-ENCLAVE/1"u8, 0, .. SHA256.HashData(Runtime), .. SHA256.HashData(ManifestBytes)]);

        var measured = EnclaveMeasurement.Measure(Runtime, ManifestBytes);

        Assert.Equal(expected, measured.MrEnclave);
        Assert.Equal(SHA256.HashData(Runtime), measured.RuntimeSha256);
        Assert.Equal(SHA256.HashData(ManifestBytes), measured.ManifestSha256);
        Assert.Equal(18, EnclaveMeasurement.Domain.Length);
    }

    [Fact]
    public void Mrenclave_is_deterministic_and_the_file_overload_agrees()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, Runtime);

            Assert.Equal(EnclaveMeasurement.Measure(Runtime, ManifestBytes).MrEnclave, EnclaveMeasurement.Measure(Runtime, ManifestBytes).MrEnclave);
            Assert.Equal(EnclaveMeasurement.Measure(Runtime, ManifestBytes).MrEnclave, EnclaveMeasurement.Measure(path, ManifestBytes).MrEnclave);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void One_byte_of_runtime_or_manifest_changes_mrenclave()
    {
        var baseline = EnclaveMeasurement.Measure(Runtime, ManifestBytes).MrEnclave;

        Assert.NotEqual(baseline, EnclaveMeasurement.Measure(Flip(Runtime, 3), ManifestBytes).MrEnclave);
        Assert.NotEqual(baseline, EnclaveMeasurement.Measure(Runtime, Flip(ManifestBytes, ManifestBytes.Length - 1)).MrEnclave);
        Assert.NotEqual(baseline, EnclaveMeasurement.Measure(ManifestBytes, Runtime).MrEnclave);
    }

    [Fact]
    public void Sigstruct_verifies_and_carries_the_identity_at_sdm_offsets()
    {
        var mrenclave = EnclaveMeasurement.Measure(Runtime, ManifestBytes).MrEnclave;

        var bytes = EnclaveSigner.Sign(SigningKeyFixture.Key, new EnclaveSigningRequest(mrenclave, 0x1234, 0x0102, Debug: false), Date);

        var verdict = new SigstructVerifier().Verify(bytes, new VerificationContext { Time = DateTimeOffset.UtcNow });
        Assert.True(verdict.Verified, string.Join("; ", verdict.Findings));
        Assert.False(verdict.Has(FindingCodes.SigstructDebugLaunchAllowed));
        Assert.Equal(1808, bytes.Length);
        Assert.Equal(mrenclave, bytes[960..992]);
        Assert.Equal(Reverse(SigningKeyFixture.Key.ExportParameters(false).Modulus!), bytes[128..512]);
        Assert.Equal(EnclaveMeasurement.MrSigner(SigningKeyFixture.Key), SHA256.HashData(bytes[128..512]));
        Assert.Equal((ushort)0x1234, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(1024)));
        Assert.Equal((ushort)0x0102, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(1026)));
        Assert.Equal(0x20260109u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)));
        var parsed = Sigstruct.Parse(bytes);
        Assert.Equal(EnclaveMeasurement.MrSigner(SigningKeyFixture.Key), parsed.MrSigner);
        Assert.False(parsed.Debug || parsed.AttributesDebug);
    }

    [Fact]
    public void Debug_enclave_is_marked_in_header_and_attributes()
    {
        var bytes = EnclaveSigner.Sign(SigningKeyFixture.Key, new EnclaveSigningRequest(new byte[32], 1, 1, Debug: true), Date);

        var parsed = Sigstruct.Parse(bytes);
        Assert.True(parsed.Debug);
        Assert.True(parsed.AttributesDebug);
        Assert.True(new SigstructVerifier().Verify(bytes, new VerificationContext { Time = DateTimeOffset.UtcNow }).Verified);
    }

    [Fact]
    public void Same_inputs_and_date_give_identical_sigstructs()
    {
        var request = new EnclaveSigningRequest(EnclaveMeasurement.Measure(Runtime, ManifestBytes).MrEnclave, 1, 2, false);

        Assert.Equal(EnclaveSigner.Sign(SigningKeyFixture.Key, request, Date), EnclaveSigner.Sign(SigningKeyFixture.Key, request, Date));
        Assert.NotEqual(EnclaveSigner.Sign(SigningKeyFixture.Key, request, Date), EnclaveSigner.Sign(SigningKeyFixture.Key, request, Date.AddDays(1)));
    }

    [Fact]
    public void Identity_check_accepts_what_was_signed()
    {
        var sigstruct = Signed(Runtime, ManifestBytes, debug: true);

        var result = EnclaveIdentityCheck.Check(Runtime, ManifestBytes, sigstruct);

        Assert.True(result.Succeeded, result.Message);
        var identity = result.Identity!;
        Assert.Equal(EnclaveMeasurement.Measure(Runtime, ManifestBytes).MrEnclave, identity.MrEnclave);
        Assert.Equal(EnclaveMeasurement.MrSigner(SigningKeyFixture.Key), identity.MrSigner);
        Assert.Equal(((ushort)7, (ushort)3, true), (identity.IsvProdId, identity.IsvSvn, identity.Debug));
    }

    [Fact]
    public void Identity_check_refuses_a_changed_runtime_or_manifest()
    {
        var sigstruct = Signed(Runtime, ManifestBytes, debug: false);

        var runtimeChanged = EnclaveIdentityCheck.Check(Flip(Runtime, 0), ManifestBytes, sigstruct);
        var manifestChanged = EnclaveIdentityCheck.Check(Runtime, Flip(ManifestBytes, 5), sigstruct);

        Assert.Equal(EnclaveIdentityCodes.EnclaveHashMismatch, runtimeChanged.Code);
        Assert.Equal(EnclaveIdentityCodes.EnclaveHashMismatch, manifestChanged.Code);
        Assert.Null(runtimeChanged.Identity);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(130)]
    [InlineData(600)]
    [InlineData(961)]
    [InlineData(1025)]
    [InlineData(1500)]
    public void Identity_check_refuses_a_tampered_sigstruct(int offset)
    {
        var sigstruct = Signed(Runtime, ManifestBytes, debug: false);

        var result = EnclaveIdentityCheck.Check(Runtime, ManifestBytes, Flip(sigstruct, offset));

        Assert.Equal(EnclaveIdentityCodes.SigstructInvalid, result.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1807)]
    [InlineData(1809)]
    public void Identity_check_refuses_a_sigstruct_of_the_wrong_size(int length)
    {
        var sigstruct = Signed(Runtime, ManifestBytes, debug: false);
        var resized = new byte[length];
        sigstruct.AsSpan(0, Math.Min(length, sigstruct.Length)).CopyTo(resized);

        Assert.Equal(EnclaveIdentityCodes.SigstructMalformed, EnclaveIdentityCheck.Check(Runtime, ManifestBytes, resized).Code);
    }

    [Fact]
    public void Saved_key_is_private_and_loads_to_the_same_signer()
    {
        var path = Path.Combine(Path.GetTempPath(), "ccm-enclave-key-" + Guid.NewGuid().ToString("N") + ".pem");
        try
        {
            EnclaveSigningKeys.Save(SigningKeyFixture.Key, path);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            using var loaded = EnclaveSigningKeys.Load(path);
            Assert.Equal(EnclaveMeasurement.MrSigner(SigningKeyFixture.Key), EnclaveMeasurement.MrSigner(loaded));
            Assert.Throws<IOException>(() => EnclaveSigningKeys.Save(SigningKeyFixture.Key, path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_key_with_exponent_65537_is_refused()
    {
        using var rsa = RSA.Create(3072);

        Assert.Throws<ArgumentException>(() => EnclaveSigner.Sign(rsa, new EnclaveSigningRequest(new byte[32], 0, 0, false), Date));
    }

    private static byte[] Signed(byte[] runtime, byte[] manifest, bool debug) =>
        EnclaveSigner.Sign(SigningKeyFixture.Key, new EnclaveSigningRequest(EnclaveMeasurement.Measure(runtime, manifest).MrEnclave, 7, 3, debug), Date);

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x01;
        return copy;
    }

    private static byte[] Reverse(byte[] value)
    {
        var copy = (byte[])value.Clone();
        Array.Reverse(copy);
        return copy;
    }
}
