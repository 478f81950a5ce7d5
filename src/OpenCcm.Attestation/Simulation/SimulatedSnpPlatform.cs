using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Snp;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// A simulated AMD SEV-SNP platform for machines without one: it emits ATTESTATION_REPORTs in the real byte layout
/// (version 5, evidence-formats.md §8.1) signed by a simulated VCEK whose chain VCEK → ASK → ARK has AMD's shape
/// and algorithms, so <see cref="SnpReportVerifier"/> runs the same code as on hardware. Every certificate carries
/// <see cref="OpenCcmOids.SimulatedTee"/>: the verifier accepts such reports only when simulation is allowed and
/// the simulated ARK (<see cref="Root"/>) is trusted, and marks the verdict simulated.
/// State (keys, certificates, chip id, TCB) lives in <c>&lt;directory&gt;/snp-&lt;product&gt;/</c> (beside the simulated
/// SGX platform's <c>sgx/</c>) so that a platform keeps its identity across processes. Thread-safe.
/// Layout and choices: SimulatedSnpPlatform.md.
/// </summary>
public sealed class SimulatedSnpPlatform : IDisposable
{
    private const uint ReportVersion = 5;
    private const string CrlFile = "snp-ark.crl";
    private static readonly SnpFirmwareVersion Firmware = new(1, 55, 29);

    private readonly SimulatedSnpState _state;

    private SimulatedSnpPlatform(string stateDirectory, SimulatedSnpState state)
    {
        StateDirectory = stateDirectory;
        _state = state;
    }

    /// <summary>Where the platform's state is kept (<c>&lt;directory&gt;/snp-&lt;product&gt;</c>).</summary>
    public string StateDirectory { get; }

    public SnpProduct Product => _state.Product;

    /// <summary>The 64-byte CHIP_ID (on Turin only the first 8 bytes are non-zero).</summary>
    public byte[] ChipId => (byte[])_state.ChipId.Clone();

    /// <summary>The platform TCB: CURRENT, COMMITTED, LAUNCH and REPORTED TCB of every report, and the VCEK's SPLs.</summary>
    public SnpTcbVersion Tcb => _state.Tcb;

    /// <summary>
    /// The simulated ARK ("ARK-&lt;product&gt;"): verifiers trust it only with <see cref="VerificationContext.AllowSimulated"/>,
    /// when it is in <see cref="VerificationContext.SimulatedRoots"/> or in the collateral.
    /// </summary>
    public X509Certificate2 RootCertificate => _state.Ark;

    /// <summary>The simulated ASK ("SEV-&lt;product&gt;").</summary>
    public X509Certificate2 AskCertificate => _state.Ask;

    /// <summary>The VCEK certificate ("SEV-VCEK"), with AMD's TCB and hwID extensions for this platform.</summary>
    public X509Certificate2 VcekCertificate => _state.Vcek;

    /// <summary>VCEK, ASK, ARK (leaf first), public parts only.</summary>
    public IReadOnlyList<X509Certificate2> Certificates => [_state.Vcek, _state.Ask, _state.Ark];

    /// <summary>
    /// Opens the <paramref name="product"/> platform kept under <paramref name="directory"/>, creating it on first use
    /// (in a private temporary directory renamed into place, so racing processes share one state; keys mode 0600).
    /// </summary>
    public static SimulatedSnpPlatform OpenOrCreate(string directory, SnpProduct product = SnpProduct.Milan)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (product == SnpProduct.Unknown)
        {
            throw new ArgumentOutOfRangeException(nameof(product), "Choose Milan, Genoa or Turin.");
        }

        var stateDirectory = Path.Combine(Path.GetFullPath(directory), "snp-" + SnpProducts.Name(product).ToLowerInvariant());
        if (!File.Exists(Path.Combine(stateDirectory, SimulatedSnpState.StateFile)))
        {
            if (Directory.Exists(stateDirectory) && Directory.EnumerateFileSystemEntries(stateDirectory).Any())
            {
                throw new InvalidOperationException($"'{stateDirectory}' is not empty and holds no simulated SEV-SNP platform.");
            }

            using var generated = SimulatedSnpState.Generate(product, DefaultTcb(product));
            generated.WriteAtomically(stateDirectory);
        }

        var state = SimulatedSnpState.Load(stateDirectory);
        if (state.Product != product)
        {
            state.Dispose();
            throw new InvalidOperationException($"'{stateDirectory}' holds a simulated {state.Product} platform, not {product}.");
        }

        return new SimulatedSnpPlatform(stateDirectory, state);
    }

    /// <summary>
    /// Creates a signed report. <paramref name="reportData"/> is at most 64 bytes (zero-padded, as the guest driver
    /// does); <paramref name="measurement"/> is the 48-byte launch digest; <paramref name="hostData"/> is empty or 32 bytes.
    /// </summary>
    public byte[] CreateReport(
        ReadOnlySpan<byte> measurement, ReadOnlySpan<byte> reportData, ReadOnlySpan<byte> hostData = default, ulong policy = SnpGuestPolicy.Default, uint vmpl = 0)
    {
        if (measurement.Length != 48)
        {
            throw new ArgumentException("MEASUREMENT is 48 bytes.", nameof(measurement));
        }

        if (reportData.Length > 64)
        {
            throw new ArgumentException("REPORT_DATA is at most 64 bytes.", nameof(reportData));
        }

        if (hostData.Length is not (0 or 32))
        {
            throw new ArgumentException("HOST_DATA is 32 bytes.", nameof(hostData));
        }

        if (!new SnpGuestPolicy(policy).ReservedBitSet)
        {
            throw new ArgumentException("POLICY bit 17 must be set.", nameof(policy));
        }

        if (vmpl > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(vmpl), "VMPL is 0–3.");
        }

        var report = new byte[SnpReport.Size];
        var r = report.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(r[0x000..], ReportVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(r[0x008..], policy);
        BinaryPrimitives.WriteUInt32LittleEndian(r[0x030..], vmpl);
        BinaryPrimitives.WriteUInt32LittleEndian(r[0x034..], SnpReport.EcdsaP384Sha384);
        BinaryPrimitives.WriteUInt64LittleEndian(r[0x038..], Tcb.Raw); // CURRENT_TCB
        BinaryPrimitives.WriteUInt64LittleEndian(r[0x040..], 0x1); // PLATFORM_INFO: SMT enabled
        // SIGNER_INFO 0: signed by the VCEK, CHIP_ID not masked, no author key.
        reportData.CopyTo(r[0x050..0x090]);
        measurement.CopyTo(r[0x090..0x0C0]);
        hostData.CopyTo(r[0x0C0..0x0E0]);
        RandomNumberGenerator.Fill(r[0x140..0x160]); // REPORT_ID
        r[0x160..0x180].Fill(0xFF); // REPORT_ID_MA: no migration agent
        BinaryPrimitives.WriteUInt64LittleEndian(r[0x180..], Tcb.Raw); // REPORTED_TCB
        var (family, model, stepping) = Cpuid(Product);
        r[0x188] = family;
        r[0x189] = model;
        r[0x18A] = stepping;
        _state.ChipId.CopyTo(r[0x1A0..0x1E0]);
        BinaryPrimitives.WriteUInt64LittleEndian(r[0x1E0..], Tcb.Raw); // COMMITTED_TCB
        WriteFirmware(r[0x1E8..]);
        WriteFirmware(r[0x1EC..]);
        BinaryPrimitives.WriteUInt64LittleEndian(r[0x1F0..], Tcb.Raw); // LAUNCH_TCB
        Sign(r);
        return report;
    }

    /// <summary>
    /// The collateral a verifier needs: VCEK, ASK, ARK and an empty ARK-signed CRL issued one hour before
    /// <paramref name="now"/> and valid 30 days (like the simulated SGX collateral).
    /// </summary>
    public CollateralSet CreateCollateral(DateTimeOffset now)
    {
        var builder = new CollateralSet.Builder();
        foreach (var certificate in Certificates)
        {
            builder.AddCertificate(certificate);
        }

        return builder.Add(CreateCrl([], now), CrlFile).Build();
    }

    /// <summary>Writes <see cref="CreateCollateral"/> as files (PEM certificates, DER CRL) for <see cref="CollateralSet.LoadDirectories"/>.</summary>
    public void WriteCollateral(string directory, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "snp-vcek.pem"), VcekCertificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "snp-ask.pem"), AskCertificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "snp-ark.pem"), RootCertificate.ExportCertificatePem());
        File.WriteAllBytes(Path.Combine(directory, CrlFile), CreateCrl([], now));
    }

    public void Dispose() => _state.Dispose();

    /// <summary>A VCEK certificate for this platform's key at another TCB or chip (as KDS would issue after a TCB change); for tests.</summary>
    internal X509Certificate2 IssueVcekCertificate(SnpTcbVersion tcb, byte[]? hwId = null) =>
        SimulatedSnpPki.CreateVcek(
            _state.VcekKey, Product, tcb, hwId ?? (Product == SnpProduct.Turin ? _state.ChipId[..8] : _state.ChipId), AskCertificate, _state.AskKey,
            VcekCertificate.NotBefore.ToUniversalTime());

    /// <summary>An ARK-signed CRL revoking <paramref name="revoked"/>, issued an hour before <paramref name="now"/>, valid 30 days.</summary>
    internal byte[] CreateCrl(IEnumerable<X509Certificate2> revoked, DateTimeOffset now) =>
        SimulatedSnpPki.CreateCrl(RootCertificate, _state.ArkKey, revoked, now.AddHours(-1), now.AddDays(30));

    private static SnpTcbVersion DefaultTcb(SnpProduct product) => product switch
    {
        SnpProduct.Turin => SnpTcbVersion.Create(product, bootLoader: 1, tee: 1, snp: 3, microcode: 0x44, fmc: 1),
        SnpProduct.Genoa => SnpTcbVersion.Create(product, bootLoader: 9, tee: 0, snp: 23, microcode: 72),
        _ => SnpTcbVersion.Create(product, bootLoader: 4, tee: 0, snp: 24, microcode: 219),
    };

    // CPUID family/model/stepping of a representative part of each product (evidence-formats.md §8.2).
    private static (byte Family, byte Model, byte Stepping) Cpuid(SnpProduct product) => product switch
    {
        SnpProduct.Turin => (0x1A, 0x02, 0x01),
        SnpProduct.Genoa => (0x19, 0x11, 0x01),
        _ => (0x19, 0x01, 0x01),
    };

    private static void WriteFirmware(Span<byte> field)
    {
        field[0] = Firmware.Build;
        field[1] = Firmware.Minor;
        field[2] = Firmware.Major;
    }

    // ECDSA P-384 SHA-384 over [0, 0x2A0); R and S stored little-endian in 72-byte fields (evidence-formats.md §8.1).
    private void Sign(Span<byte> report)
    {
        var signature = _state.VcekKey.SignData(
            report[..SnpReport.SignedLength], HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var r = report.Slice(SnpReport.SignedLength, 48);
        var s = report.Slice(SnpReport.SignedLength + 72, 48);
        signature.AsSpan(0, 48).CopyTo(r);
        signature.AsSpan(48, 48).CopyTo(s);
        r.Reverse();
        s.Reverse();
    }
}
