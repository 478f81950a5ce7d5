using System.Buffers.Binary;
using System.Security.Cryptography;
using L = OpenCcm.Attestation.Sgx.SigstructLayout;

namespace OpenCcm.Attestation.Sgx;

/// <summary>
/// Produces a signed SIGSTRUCT (evidence-formats.md §6): fills the fields, signs [0,128) || [900,1028) with an
/// RSA-3072 e = 3 key (PKCS#1 v1.5, SHA-256), and stores modulus, signature, Q1 and Q2 little-endian.
/// Defaults are those of a production ISV enclave: vendor 0, no debug, masks that pin every bit.
/// </summary>
public sealed class SigstructBuilder
{
    /// <summary>The 32-byte MRENCLAVE the enclave will have.</summary>
    public required byte[] EnclaveHash { get; init; }

    public ushort IsvProdId { get; init; }

    public ushort IsvSvn { get; init; }

    /// <summary>ATTRIBUTES (16 bytes: FLAGS u64, XFRM u64). Default: MODE64BIT, XFRM x87|SSE (0x04, 0x03).</summary>
    public byte[] Attributes { get; init; } = [0x04, 0, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>ATTRIBUTEMASK (16 bytes). Default: all ones except DEBUG, which stays free, as the SDK signs.</summary>
    public byte[] AttributeMask { get; init; } = [0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    public uint MiscSelect { get; init; }

    public uint MiscMask { get; init; } = uint.MaxValue;

    /// <summary>DATE; default: today (UTC).</summary>
    public DateOnly Date { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>VENDOR: 0 for ISVs, 0x8086 for Intel.</summary>
    public uint Vendor { get; init; }

    public uint SwDefined { get; init; }

    /// <summary>Sets header type bit 31 (the SDK's "debug" signing mark).</summary>
    public bool Debug { get; init; }

    /// <summary>ISVFAMILYID (16 bytes); default zero.</summary>
    public byte[]? IsvFamilyId { get; init; }

    /// <summary>ISVEXTPRODID (16 bytes); default zero.</summary>
    public byte[]? IsvExtProdId { get; init; }

    /// <summary>Builds and signs the 1808 bytes with <paramref name="key"/>, which must be RSA-3072 e = 3.</summary>
    /// <exception cref="ArgumentException">A field has the wrong size or the key cannot sign a SIGSTRUCT.</exception>
    public byte[] Sign(RSA key)
    {
        SigstructSigningKey.Validate(key);
        var bytes = new byte[L.Size];
        var span = bytes.AsSpan();
        L.Header1Value.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[L.HeaderType..], Debug ? Sigstruct.HeaderTypeDebugBit : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(span[L.Vendor..], Vendor);
        BinaryPrimitives.WriteUInt32LittleEndian(span[L.Date..], SigstructDate.Encode(Date));
        L.Header2Value.CopyTo(span[L.Header2..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[L.SwDefined..], SwDefined);
        BinaryPrimitives.WriteUInt32LittleEndian(span[L.Exponent..], SigstructRsa.PublicExponent);
        BinaryPrimitives.WriteUInt32LittleEndian(span[L.MiscSelect..], MiscSelect);
        BinaryPrimitives.WriteUInt32LittleEndian(span[L.MiscMask..], MiscMask);
        Copy(IsvFamilyId, 16, span[L.IsvFamilyId..], nameof(IsvFamilyId));
        Copy(Attributes, 16, span[L.Attributes..], nameof(Attributes));
        Copy(AttributeMask, 16, span[L.AttributeMask..], nameof(AttributeMask));
        Copy(EnclaveHash, 32, span[L.EnclaveHash..], nameof(EnclaveHash));
        Copy(IsvExtProdId, 16, span[L.IsvExtProdId..], nameof(IsvExtProdId));
        BinaryPrimitives.WriteUInt16LittleEndian(span[L.IsvProdId..], IsvProdId);
        BinaryPrimitives.WriteUInt16LittleEndian(span[L.IsvSvn..], IsvSvn);

        var modulusLe = SigstructRsa.Reverse(key.ExportParameters(false).Modulus);
        modulusLe.CopyTo(span.Slice(L.Modulus, L.KeySize));
        var signatureLe = SigstructRsa.Reverse(key.SignData(SigstructRsa.SignedMessage(span), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        signatureLe.CopyTo(span.Slice(L.Signature, L.KeySize));

        var (q1, q2) = SigstructRsa.ComputeQ1Q2(modulusLe, signatureLe)
            ?? throw new CryptographicException("The key's modulus is zero.");
        if (!SigstructRsa.TryWriteLittleEndian(q1, span.Slice(L.Q1, L.KeySize)) || !SigstructRsa.TryWriteLittleEndian(q2, span.Slice(L.Q2, L.KeySize)))
        {
            // Cannot happen for S < N (Q1, Q2 < N), which RSA signing guarantees.
            throw new CryptographicException("Q1/Q2 do not fit in 384 bytes.");
        }

        return bytes;
    }

    private static void Copy(byte[]? value, int size, Span<byte> destination, string name)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length != size)
        {
            throw new ArgumentException($"{name} must be {size} bytes, got {value.Length}.", name);
        }

        value.CopyTo(destination);
    }
}
