using System.Buffers.Binary;
using System.Security.Cryptography;
using L = OpenCcm.Attestation.Sgx.SigstructLayout;

namespace OpenCcm.Attestation.Sgx;

/// <summary>
/// An SGX enclave signature structure, SIGSTRUCT (1808 bytes; Intel SDM Vol. 3D Table 38-19, evidence-formats.md §6).
/// A view over the received bytes exposing every field; <see cref="VerifySignature"/> and <see cref="VerifyQ1Q2"/>
/// check what EINIT checks.
/// </summary>
public sealed class Sigstruct
{
    public const int Size = L.Size;

    /// <summary>The SDK's header type bit 31 (arch.h css_header_t.type): 1 = signed as a debug enclave.</summary>
    public const uint HeaderTypeDebugBit = 0x8000_0000;

    private Sigstruct(ReadOnlyMemory<byte> raw)
    {
        Raw = raw;
    }

    /// <summary>The exact 1808 bytes received.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>HEADER, 16 bytes: 12 fixed bytes then the type u32.</summary>
    public ReadOnlySpan<byte> Header => Field(L.Header, 16);

    /// <summary>The SDK's header type u32 at byte 12 (bit 31 debug, bits 30–0 zero).</summary>
    public uint HeaderType => U32(L.HeaderType);

    /// <summary>VENDOR: 0x8086 for Intel enclaves, 0 otherwise.</summary>
    public uint Vendor => U32(L.Vendor);

    /// <summary>DATE as stored: BCD yyyymmdd read as a little-endian u32 (e.g. 0x20160109).</summary>
    public uint DateBcd => U32(L.Date);

    /// <summary>DATE decoded from BCD; null when the digits do not form a calendar date.</summary>
    public DateOnly? Date => SigstructDate.Decode(DateBcd);

    public ReadOnlySpan<byte> Header2 => Field(L.Header2, 16);

    /// <summary>SWDEFINED (the SDK's HW_VERSION).</summary>
    public uint SwDefined => U32(L.SwDefined);

    /// <summary>The signer's RSA-3072 modulus, little-endian as stored.</summary>
    public ReadOnlySpan<byte> Modulus => Field(L.Modulus, L.KeySize);

    public uint Exponent => U32(L.Exponent);

    /// <summary>The RSA signature, little-endian as stored.</summary>
    public ReadOnlySpan<byte> Signature => Field(L.Signature, L.KeySize);

    public uint MiscSelect => U32(L.MiscSelect);

    public uint MiscMask => U32(L.MiscMask);

    public ReadOnlySpan<byte> IsvFamilyId => Field(L.IsvFamilyId, 16);

    /// <summary>ATTRIBUTES: FLAGS u64 then XFRM u64.</summary>
    public ReadOnlySpan<byte> Attributes => Field(L.Attributes, 16);

    public ulong AttributeFlags => BinaryPrimitives.ReadUInt64LittleEndian(Field(L.Attributes, 8));

    public ReadOnlySpan<byte> AttributeMask => Field(L.AttributeMask, 16);

    public ulong AttributeMaskFlags => BinaryPrimitives.ReadUInt64LittleEndian(Field(L.AttributeMask, 8));

    /// <summary>ENCLAVEHASH: the MRENCLAVE the enclave must have.</summary>
    public ReadOnlySpan<byte> EnclaveHash => Field(L.EnclaveHash, 32);

    public ReadOnlySpan<byte> IsvExtProdId => Field(L.IsvExtProdId, 16);

    public ushort IsvProdId => BinaryPrimitives.ReadUInt16LittleEndian(Field(L.IsvProdId, 2));

    public ushort IsvSvn => BinaryPrimitives.ReadUInt16LittleEndian(Field(L.IsvSvn, 2));

    public ReadOnlySpan<byte> Q1 => Field(L.Q1, L.KeySize);

    public ReadOnlySpan<byte> Q2 => Field(L.Q2, L.KeySize);

    /// <summary>MRSIGNER: SHA-256 of the modulus exactly as stored (little-endian), as EINIT computes it.</summary>
    public byte[] MrSigner => SHA256.HashData(Modulus);

    /// <summary>
    /// The debug claim: header type bit 31, documented by the SGX SDK (arch.h: "bit 31: 0 = prod, 1 = debug") and
    /// the Linux kernel's sgx_sigstruct_header. It states how the signer built the enclave.
    /// </summary>
    public bool Debug => (HeaderType & HeaderTypeDebugBit) != 0;

    /// <summary>ATTRIBUTES.FLAGS bit 1 (DEBUG) as signed.</summary>
    public bool AttributesDebug => (AttributeFlags & SgxReportBody.DebugFlag) != 0;

    /// <summary>
    /// True when EINIT would accept this SIGSTRUCT for a debug enclave: ATTRIBUTEMASK leaves DEBUG free, or ATTRIBUTES
    /// requires it (EINIT compares SECS.ATTRIBUTES and SIGSTRUCT.ATTRIBUTES under ATTRIBUTEMASK).
    /// </summary>
    public bool DebugLaunchAllowed => (AttributeMaskFlags & SgxReportBody.DebugFlag) == 0 || AttributesDebug;

    /// <summary>The 256 signed bytes: [0,128) || [900,1028).</summary>
    public byte[] SignedBytes => SigstructRsa.SignedMessage(Raw.Span);

    /// <summary>Wraps exactly 1808 bytes; throws <see cref="EvidenceFormatException"/> otherwise.</summary>
    public static Sigstruct Parse(ReadOnlyMemory<byte> raw)
    {
        if (raw.Length > Size)
        {
            throw new EvidenceFormatException(FindingCodes.TrailingData, $"A SIGSTRUCT is {Size} bytes; {raw.Length - Size} bytes follow it.");
        }

        Bytes.RequireLength(raw.Span, Size, "SIGSTRUCT");
        return new Sigstruct(raw);
    }

    /// <summary>A cheap structural test: the size and both fixed headers.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> data) =>
        data.Length == Size
        && data[..12].SequenceEqual(L.Header1Value)
        && data.Slice(L.Header2, 16).SequenceEqual(L.Header2Value);

    /// <summary>RSA-3072 e = 3 PKCS#1 v1.5 SHA-256 over <see cref="SignedBytes"/> with the embedded modulus.</summary>
    public bool VerifySignature() => SigstructRsa.VerifySignature(Modulus, Signature, SignedBytes);

    /// <summary>True when Q1 and Q2 are the values EINIT expects for this modulus and signature.</summary>
    public bool VerifyQ1Q2() => SigstructRsa.Q1Q2Match(Modulus, Signature, Q1, Q2);

    /// <summary>What the SIGSTRUCT states about the enclave; it carries no report data nor CPUSVN.</summary>
    public SgxClaims ToClaims() =>
        new(EnclaveHash.ToArray(), MrSigner, IsvProdId, IsvSvn, null, Debug, null, Attributes.ToArray(), MiscSelect);

    private ReadOnlySpan<byte> Field(int offset, int length) => Raw.Span.Slice(offset, length);

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(Field(offset, 4));
}
