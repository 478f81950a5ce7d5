using System.Buffers.Binary;

namespace OpenCcm.Attestation.Sgx.Dcap;

/// <summary>The 48-byte header of a DCAP quote v3/v4/v5 (evidence-formats.md §2.1; sgx_quote_3.h, sgx_quote_4.h).</summary>
public sealed class QuoteHeader
{
    public const int Size = 48;
    public const ushort AttestationKeyTypeEcdsaP256 = 2;
    public const uint TeeTypeSgx = 0x00000000;
    public const uint TeeTypeTdx = 0x00000081;

    /// <summary>Intel's Quoting Enclave vendor ID.</summary>
    public static ReadOnlySpan<byte> IntelQeVendorId => [0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9, 0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07];

    private QuoteHeader(ReadOnlyMemory<byte> raw)
    {
        Raw = raw;
    }

    public ReadOnlyMemory<byte> Raw { get; }

    public ushort Version => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span);

    public ushort AttestationKeyType => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span[2..]);

    /// <summary>v4/v5: TEE type (0 SGX, 0x81 TDX). v3: att_key_data_0, always 0, so SGX.</summary>
    public uint TeeType => BinaryPrimitives.ReadUInt32LittleEndian(Raw.Span[4..]);

    /// <summary>v3 only; reserved in v4/v5.</summary>
    public ushort QeSvn => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span[8..]);

    /// <summary>v3 only; reserved in v4/v5.</summary>
    public ushort PceSvn => BinaryPrimitives.ReadUInt16LittleEndian(Raw.Span[10..]);

    public ReadOnlySpan<byte> QeVendorId => Raw.Span.Slice(12, 16);

    public ReadOnlySpan<byte> UserData => Raw.Span.Slice(28, 20);

    internal static QuoteHeader Parse(ReadOnlyMemory<byte> quote) => new(Bytes.Slice(quote, 0, Size, "quote header"));
}
