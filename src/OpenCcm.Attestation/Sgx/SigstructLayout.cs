namespace OpenCcm.Attestation.Sgx;

/// <summary>
/// Byte offsets of the 1808-byte SIGSTRUCT (Intel SDM Vol. 3D Table 38-19; SDK arch.h enclave_css_t;
/// evidence-formats.md §6). Integers are little-endian; MODULUS, SIGNATURE, Q1 and Q2 are little-endian 384-byte integers.
/// </summary>
internal static class SigstructLayout
{
    public const int Size = 1808;
    public const int KeySize = 384;

    public const int Header = 0;        // 12 fixed bytes, then the SDK's u32 type at 12 (bit 31 = debug).
    public const int HeaderType = 12;
    public const int Vendor = 16;
    public const int Date = 20;
    public const int Header2 = 24;
    public const int SwDefined = 40;
    public const int Reserved1 = 44;    // 84 bytes
    public const int Modulus = 128;
    public const int Exponent = 512;
    public const int Signature = 516;
    public const int MiscSelect = 900;
    public const int MiscMask = 904;
    public const int Reserved2 = 908;   // 4 bytes
    public const int IsvFamilyId = 912;
    public const int Attributes = 928;
    public const int AttributeMask = 944;
    public const int EnclaveHash = 960;
    public const int Reserved3 = 992;   // 16 bytes
    public const int IsvExtProdId = 1008;
    public const int IsvProdId = 1024;
    public const int IsvSvn = 1026;
    public const int Reserved4 = 1028;  // 12 bytes, not signed
    public const int Q1 = 1040;
    public const int Q2 = 1424;

    /// <summary>The signed message is bytes [0,128) followed by [900,1028): 256 bytes.</summary>
    public const int SignedHeaderLength = 128;
    public const int SignedBodyLength = IsvSvn + 2 - MiscSelect;

    /// <summary>HEADER bytes 0–11 (SDM: 06000000E100000000000100H, followed by the type u32).</summary>
    public static ReadOnlySpan<byte> Header1Value => [0x06, 0x00, 0x00, 0x00, 0xE1, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00];

    /// <summary>HEADER2 (SDM: 01010000600000006000000001000000H).</summary>
    public static ReadOnlySpan<byte> Header2Value => [0x01, 0x01, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00];

    /// <summary>The reserved ranges, which EINIT requires to be zero: (offset, length).</summary>
    public static readonly (int Offset, int Length)[] ReservedRanges =
        [(Reserved1, 84), (Reserved2, 4), (Reserved3, 16), (Reserved4, 12)];
}
