using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// A simulated SGX platform for machines without SGX (DESIGN.md §2 "Simulated TEE"): it produces REPORTs and DCAP
/// quotes in Intel's exact binary formats, MACed and signed with keys of its own, under a simulated PKI whose every
/// certificate carries <see cref="OpenCcmOids.SimulatedTee"/>. Verifiers trust it only when simulation is allowed.
/// The state lives in <c>&lt;directory&gt;/sgx/</c> so several processes share one platform. Thread-safe.
/// </summary>
public sealed class SimulatedSgxPlatform : IDisposable
{
    /// <summary>The label that starts the report-key derivation input.</summary>
    public const string ReportKeyLabel = "OpenCCM-SGX-REPORT-KEY";

    private readonly SimulatedSgxState _state;
    private readonly SimulatedQuotingEnclave _quotingEnclave;
    private readonly PckPlatformTcb _tcb;
    private readonly Lock _collateralSigning = new();

    private SimulatedSgxPlatform(string stateDirectory, SimulatedSgxState state)
    {
        StateDirectory = stateDirectory;
        _state = state;
        _tcb = SimulatedSgxPki.PlatformTcb(state.PlatformSecret);
        var qe = new SimulatedEnclave(
            SimulatedSgxParameters.QeMrEnclave, SimulatedSgxParameters.QeMrSigner, SimulatedSgxParameters.QeIsvProdId,
            SimulatedSgxParameters.QeIsvSvn, _tcb.TcbComponents, SimulatedSgxParameters.QeAttributeFlags);
        _quotingEnclave = new SimulatedQuotingEnclave(this, state, qe);
    }

    /// <summary>Where the platform's state is kept (<c>&lt;directory&gt;/sgx</c>).</summary>
    public string StateDirectory { get; }

    /// <summary>The simulated root CA. Verifiers trust it only with <see cref="VerificationContext.AllowSimulated"/>.</summary>
    public X509Certificate2 RootCertificate => _state.Root.Certificate;

    public X509Certificate2 PckCaCertificate => _state.PckCa.Certificate;

    /// <summary>The PCK certificate, with Intel's SGX extension stating this platform's TCB and FMSPC.</summary>
    public X509Certificate2 PckCertificate => _state.Pck.Certificate;

    public X509Certificate2 TcbSigningCertificate => _state.TcbSigning.Certificate;

    /// <summary>The Quoting Enclave's attestation public key, X||Y (64 bytes).</summary>
    public ReadOnlySpan<byte> AttestationPublicKey => _quotingEnclave.AttestationPublicKey;

    /// <summary>CPUSVN of this platform (= its 16 SGX TCB components).</summary>
    public ReadOnlyMemory<byte> CpuSvn => _tcb.TcbComponents;

    public ushort PceSvn => _tcb.PceSvn;

    public ReadOnlyMemory<byte> PceId => _tcb.PceId;

    /// <summary>FMSPC 0ccc00000000, which no Intel platform family uses.</summary>
    public ReadOnlyMemory<byte> Fmspc => _tcb.Fmspc;

    /// <summary>The platform's PPID (derived from its secret), as its PCK certificate states it.</summary>
    public ReadOnlyMemory<byte> Ppid => _tcb.Ppid;

    /// <summary>The simulated Quoting Enclave (ISVPRODID 1): its identity matches the QE identity collateral.</summary>
    public SimulatedEnclave QuotingEnclave => _quotingEnclave.Identity;

    /// <summary>The TARGETINFO an enclave uses to make a REPORT for the Quoting Enclave.</summary>
    public SgxTargetInfo QeTargetInfo => _quotingEnclave.Identity.TargetInfo;

    /// <summary>The platform's keys and certificates, for the simulated TDX platform that shares them.</summary>
    internal SimulatedSgxState State => _state;

    /// <summary>
    /// Opens the simulated platform kept under <paramref name="directory"/>, creating it on first use. Processes that
    /// race to create it end up sharing one state (built in a temporary directory, then renamed atomically into place).
    /// </summary>
    public static SimulatedSgxPlatform OpenOrCreate(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var stateDirectory = Path.Combine(Path.GetFullPath(directory), "sgx");
        return new SimulatedSgxPlatform(stateDirectory, SimulatedSgxState.LoadOrCreate(stateDirectory));
    }

    /// <summary>"Loads" an enclave on this platform: its REPORTs carry this platform's CPUSVN.</summary>
    public SimulatedEnclave CreateEnclave(
        ReadOnlySpan<byte> mrEnclave, ReadOnlySpan<byte> mrSigner, ushort isvProdId, ushort isvSvn, bool debug = false, uint miscSelect = 0)
    {
        var flags = SimulatedEnclave.InitFlag | SimulatedEnclave.Mode64BitFlag | (debug ? SgxReportBody.DebugFlag : 0);
        return new SimulatedEnclave(mrEnclave, mrSigner, isvProdId, isvSvn, _tcb.TcbComponents, flags, SimulatedEnclave.DefaultXfrm, miscSelect);
    }

    /// <summary>
    /// The simulated EGETKEY(REPORT) of the enclave described by <paramref name="target"/>: the first 16 bytes of
    /// HMAC-SHA256(platform secret, "OpenCCM-SGX-REPORT-KEY" || MEASUREMENT (32) || ATTRIBUTES (16) || MISCSELECT
    /// (4, little-endian as in TARGETINFO) || KEYID (32)). Like the CPU's, the key depends on the platform and on the
    /// target enclave's identity, so a REPORT verifies only on the platform that made it and only for its target.
    /// </summary>
    public byte[] DeriveReportKey(SgxTargetInfo target, ReadOnlySpan<byte> keyId)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (keyId.Length != SgxReport.KeyIdSize)
        {
            throw new ArgumentException($"KEYID is {SgxReport.KeyIdSize} bytes.", nameof(keyId));
        }

        var info = target.Raw.Span;
        byte[] input = [.. Encoding.ASCII.GetBytes(ReportKeyLabel), .. info[..32], .. info.Slice(32, 16), .. info.Slice(52, 4), .. keyId];
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_state.PlatformSecret, input, mac);
        var key = mac[..SgxReport.ReportKeySize].ToArray();
        CryptographicOperations.ZeroMemory(mac);
        return key;
    }

    /// <summary>
    /// The simulated EREPORT: a 432-byte REPORT of <paramref name="enclave"/> for <paramref name="target"/>, with
    /// <paramref name="reportData"/> (at most 64 bytes, zero-padded) as REPORTDATA, a random KEYID and the MAC under
    /// the target's report key.
    /// </summary>
    public byte[] CreateReport(SgxTargetInfo target, SimulatedEnclave enclave, ReadOnlySpan<byte> reportData)
    {
        ArgumentNullException.ThrowIfNull(enclave);
        var body = enclave.CreateReportBody(reportData);
        var keyId = RandomNumberGenerator.GetBytes(SgxReport.KeyIdSize);
        var reportKey = DeriveReportKey(target, keyId);
        try
        {
            return SgxReport.CreateWithMac(body, keyId, reportKey).ToBytes();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(reportKey);
        }
    }

    /// <summary>
    /// A verifier for REPORTs addressed to <paramref name="verifyingEnclave"/> on this platform (what that enclave
    /// could check with EGETKEY). Its verdicts are marked simulated.
    /// </summary>
    public SgxReportVerifier CreateReportVerifier(SgxTargetInfo verifyingEnclave)
    {
        ArgumentNullException.ThrowIfNull(verifyingEnclave);
        return new SgxReportVerifier(report => DeriveReportKey(verifyingEnclave, report.KeyId), simulatedPlatform: true);
    }

    /// <summary>
    /// The simulated Quoting Enclave: checks that <paramref name="report"/> targets it (refusing a bad MAC with a
    /// <see cref="CryptographicException"/>) and returns a DCAP ECDSA quote v3 in Intel's layout, certification data type 5.
    /// </summary>
    public byte[] CreateQuote(ReadOnlySpan<byte> report) => _quotingEnclave.CreateQuote(report);

    /// <summary>Makes a REPORT of <paramref name="enclave"/> for the Quoting Enclave and quotes it.</summary>
    public byte[] CreateQuote(SimulatedEnclave enclave, ReadOnlySpan<byte> reportData) =>
        CreateQuote(CreateReport(QeTargetInfo, enclave, reportData));

    /// <summary>
    /// Collateral for verifying this platform's quotes at about <paramref name="now"/>: issued an hour before, valid
    /// 30 days; the platform's TCB is UpToDate and its QE identity matches.
    /// </summary>
    public SimulatedSgxCollateral CreateCollateral(DateTimeOffset now)
    {
        lock (_collateralSigning)
        {
            return SimulatedSgxCollateralWriter.Create(_state, QuotingEnclave, now);
        }
    }

    /// <summary>Writes <see cref="CreateCollateral"/> into <paramref name="directory"/>.</summary>
    public SimulatedSgxCollateral WriteCollateral(string directory, DateTimeOffset now)
    {
        var collateral = CreateCollateral(now);
        collateral.WriteTo(directory);
        return collateral;
    }

    public void Dispose() => _state.Dispose();
}
