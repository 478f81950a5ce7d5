using System.Buffers.Binary;

namespace OpenCcm.Attestation.Snp;

/// <summary>
/// An AMD SEV-SNP ATTESTATION_REPORT (SEV-SNP ABI spec 56860 Table "ATTESTATION_REPORT Structure";
/// evidence-formats.md §8.1), versions 2, 3, 4 and 5, parsed from exactly the bytes received.
/// Parsing checks structure only (length, version, reserved fields); signatures and chains are the verifier's job.
/// </summary>
/// <remarks>
/// Length policy: fewer than 0x4A0 bytes is a format error. Bytes after 0x4A0 (some tools capture the whole
/// 4000-byte response buffer) are not part of the report and never read; <see cref="TrailingByteCount"/> reports
/// them and the verifier records a <see cref="FindingCodes.TrailingData"/> warning.
/// Version 4 has the layout of version 3 (it only changed the meaning of firmware fields), so it parses like 3;
/// version 5 adds LAUNCH_MIT_VECTOR and CURRENT_MIT_VECTOR at 0x1F8.
/// </remarks>
public sealed class SnpReport
{
    /// <summary>The report length: 0x4A0 = 1184 bytes.</summary>
    public const int Size = 0x4A0;

    /// <summary>The signature covers bytes [0, 0x2A0).</summary>
    public const int SignedLength = SignatureOffset;

    /// <summary>SIGNATURE_ALGO 1: ECDSA P-384 with SHA-384.</summary>
    public const uint EcdsaP384Sha384 = 1;

    private const int SignatureOffset = 0x2A0;
    private const int SignatureComponentSize = 72; // R and S: little-endian, zero-extended to 72 bytes
    private const int P384ComponentSize = 48;

    private SnpReport(byte[] report, int trailing)
    {
        Raw = report;
        TrailingByteCount = trailing;
    }

    /// <summary>The 0x4A0 report bytes (a private copy of what was received).</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>The signed bytes [0, 0x2A0).</summary>
    public ReadOnlyMemory<byte> SignedBytes => Raw[..SignedLength];

    /// <summary>Bytes received after the 0x4A0-byte report (ignored).</summary>
    public int TrailingByteCount { get; }

    public uint Version { get; private init; }

    public uint GuestSvn { get; private init; }

    public SnpGuestPolicy Policy { get; private init; }

    public byte[] FamilyId { get; private init; } = [];

    public byte[] ImageId { get; private init; } = [];

    public uint Vmpl { get; private init; }

    public uint SignatureAlgorithm { get; private init; }

    /// <summary>CURRENT_TCB (raw; decode with <see cref="SnpTcbVersion.Decode"/> once the product is known).</summary>
    public ulong CurrentTcb { get; private init; }

    public SnpPlatformInfo PlatformInfo { get; private init; }

    public SnpSignerInfo SignerInfo { get; private init; }

    public byte[] ReportData { get; private init; } = [];

    public byte[] Measurement { get; private init; } = [];

    public byte[] HostData { get; private init; } = [];

    public byte[] IdKeyDigest { get; private init; } = [];

    public byte[] AuthorKeyDigest { get; private init; } = [];

    public byte[] ReportId { get; private init; } = [];

    /// <summary>REPORT_ID of the migration agent; all 0xFF when the guest has none.</summary>
    public byte[] ReportIdMa { get; private init; } = [];

    /// <summary>REPORTED_TCB: the TCB the endorsement key (VCEK) was derived for.</summary>
    public ulong ReportedTcb { get; private init; }

    /// <summary>CPUID family (e.g. 0x19), model and stepping; zero in version 2 reports.</summary>
    public byte CpuidFamily { get; private init; }

    public byte CpuidModel { get; private init; }

    public byte CpuidStepping { get; private init; }

    /// <summary>CHIP_ID (64 bytes; zero when masked or VLEK-signed; only the first 8 significant on Turin).</summary>
    public byte[] ChipId { get; private init; } = [];

    public ulong CommittedTcb { get; private init; }

    public SnpFirmwareVersion CurrentFirmware { get; private init; }

    public SnpFirmwareVersion CommittedFirmware { get; private init; }

    public ulong LaunchTcb { get; private init; }

    /// <summary>LAUNCH_MIT_VECTOR (version 5+), else null.</summary>
    public ulong? LaunchMitigationVector { get; private init; }

    /// <summary>CURRENT_MIT_VECTOR (version 5+), else null.</summary>
    public ulong? CurrentMitigationVector { get; private init; }

    /// <summary>The raw 512-byte SIGNATURE field.</summary>
    public ReadOnlyMemory<byte> RawSignature => Raw[SignatureOffset..];

    /// <summary>The product named by the CPUID fields (version 3+), or <see cref="SnpProduct.Unknown"/>.</summary>
    public SnpProduct CpuidProduct => Version >= 3 ? SnpProducts.FromCpuid(CpuidFamily, CpuidModel) : SnpProduct.Unknown;

    /// <summary>Parses a report. Throws <see cref="EvidenceFormatException"/> for anything that is not a well-formed report.</summary>
    public static SnpReport Parse(ReadOnlyMemory<byte> evidence)
    {
        if (evidence.Length < Size)
        {
            throw new EvidenceFormatException($"An SEV-SNP report is {Size} bytes; got {evidence.Length}.");
        }

        var copy = evidence[..Size].ToArray();
        ReadOnlySpan<byte> r = copy;
        var version = U32(r, 0x000);
        if (version is < 2 or > 5)
        {
            throw new EvidenceFormatException(FindingCodes.UnsupportedVersion, $"SEV-SNP report version {version} is not supported (2–5).");
        }

        var policy = new SnpGuestPolicy(U64(r, 0x008));
        if (!policy.ReservedBitSet)
        {
            throw new EvidenceFormatException(FindingCodes.SnpReservedFieldInvalid, $"POLICY bit 17 is reserved and must be 1 (policy {policy.Hex}).");
        }

        var signatureAlgorithm = U32(r, 0x034);
        var signerInfo = SnpSignerInfo.Parse(U32(r, 0x048));
        RequireZero(r, 0x04C, 0x050, "reserved after SIGNER_INFO");
        // v2 reserves 0x188–0x19F; v3+ puts CPUID family/model/stepping in its first three bytes.
        RequireZero(r, version >= 3 ? 0x18B : 0x188, 0x1A0, "reserved after REPORTED_TCB");
        RequireZero(r, 0x1EB, 0x1EC, "reserved after CURRENT_MAJOR");
        RequireZero(r, 0x1EF, 0x1F0, "reserved after COMMITTED_MAJOR");
        RequireZero(r, version >= 5 ? 0x208 : 0x1F8, SignatureOffset, "reserved before SIGNATURE");
        if (signatureAlgorithm == EcdsaP384Sha384)
        {
            // R and S are 72-byte fields holding 48-byte integers: the high bytes and the rest of the 512-byte field are zero.
            RequireZero(r, SignatureOffset + P384ComponentSize, SignatureOffset + SignatureComponentSize, "high bytes of SIGNATURE.R");
            RequireZero(r, SignatureOffset + SignatureComponentSize + P384ComponentSize, SignatureOffset + (2 * SignatureComponentSize), "high bytes of SIGNATURE.S");
            RequireZero(r, SignatureOffset + (2 * SignatureComponentSize), Size, "reserved after SIGNATURE");
        }

        return new SnpReport(copy, evidence.Length - Size)
        {
            Version = version,
            GuestSvn = U32(r, 0x004),
            Policy = policy,
            FamilyId = r[0x010..0x020].ToArray(),
            ImageId = r[0x020..0x030].ToArray(),
            Vmpl = U32(r, 0x030),
            SignatureAlgorithm = signatureAlgorithm,
            CurrentTcb = U64(r, 0x038),
            PlatformInfo = new SnpPlatformInfo(U64(r, 0x040)),
            SignerInfo = signerInfo,
            ReportData = r[0x050..0x090].ToArray(),
            Measurement = r[0x090..0x0C0].ToArray(),
            HostData = r[0x0C0..0x0E0].ToArray(),
            IdKeyDigest = r[0x0E0..0x110].ToArray(),
            AuthorKeyDigest = r[0x110..0x140].ToArray(),
            ReportId = r[0x140..0x160].ToArray(),
            ReportIdMa = r[0x160..0x180].ToArray(),
            ReportedTcb = U64(r, 0x180),
            CpuidFamily = r[0x188],
            CpuidModel = r[0x189],
            CpuidStepping = r[0x18A],
            ChipId = r[0x1A0..0x1E0].ToArray(),
            CommittedTcb = U64(r, 0x1E0),
            CurrentFirmware = new SnpFirmwareVersion(r[0x1EA], r[0x1E9], r[0x1E8]),
            CommittedFirmware = new SnpFirmwareVersion(r[0x1EE], r[0x1ED], r[0x1EC]),
            LaunchTcb = U64(r, 0x1F0),
            LaunchMitigationVector = version >= 5 ? U64(r, 0x1F8) : null,
            CurrentMitigationVector = version >= 5 ? U64(r, 0x200) : null,
        };
    }

    /// <summary>
    /// The ECDSA signature as IEEE P1363 r||s (48 bytes each, big-endian) for .NET's <c>VerifyData</c>:
    /// the report stores R and S little-endian, so each is reversed. Only for <see cref="EcdsaP384Sha384"/>.
    /// </summary>
    public byte[] SignatureP1363()
    {
        if (SignatureAlgorithm != EcdsaP384Sha384)
        {
            throw new InvalidOperationException($"SIGNATURE_ALGO {SignatureAlgorithm} is not ECDSA P-384.");
        }

        var span = Raw.Span;
        var signature = new byte[2 * P384ComponentSize];
        span.Slice(SignatureOffset, P384ComponentSize).CopyTo(signature);
        span.Slice(SignatureOffset + SignatureComponentSize, P384ComponentSize).CopyTo(signature.AsSpan(P384ComponentSize));
        signature.AsSpan(0, P384ComponentSize).Reverse();
        signature.AsSpan(P384ComponentSize).Reverse();
        return signature;
    }

    private static uint U32(ReadOnlySpan<byte> r, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(r[offset..]);

    private static ulong U64(ReadOnlySpan<byte> r, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(r[offset..]);

    private static void RequireZero(ReadOnlySpan<byte> r, int from, int to, string what)
    {
        var index = r[from..to].IndexOfAnyExcept((byte)0);
        if (index >= 0)
        {
            throw new EvidenceFormatException(
                FindingCodes.SnpReservedFieldInvalid, $"Bytes [0x{from:X3}, 0x{to:X3}) ({what}) must be zero; byte 0x{from + index:X3} is 0x{r[from + index]:x2}.");
        }
    }
}

/// <summary>An SEV-SNP firmware version (MAJOR.MINOR.BUILD), as CURRENT_* and COMMITTED_* report it.</summary>
public readonly record struct SnpFirmwareVersion(byte Major, byte Minor, byte Build)
{
    public override string ToString() => $"{Major}.{Minor}.{Build}";
}
