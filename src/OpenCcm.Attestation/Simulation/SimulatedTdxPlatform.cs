using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// A simulated Intel TDX platform for machines without TDX (DESIGN.md §2 "Simulated TEE"): it produces DCAP quotes v4
/// and v5 in Intel's exact layout, signed by a simulated TD Quoting Enclave whose report the simulated PCK key signs.
/// Like a real TDX host it is an SGX platform with a TD QE: it shares the PKI (root, PCK CA, PCK certificate, TCB
/// signing key) of the <see cref="SimulatedSgxPlatform"/> in the same directory and adds its TD QE's attestation key
/// in <c>&lt;directory&gt;/tdx/</c>. Verifiers trust it only when simulation is allowed. Thread-safe.
/// </summary>
public sealed class SimulatedTdxPlatform : IDisposable
{
    private readonly SimulatedSgxPlatform _sgx;
    private readonly SimulatedTdxState _state;
    private readonly SimulatedTdxModule _module;
    private readonly SimulatedTdxQuotingEnclave _quotingEnclave;
    private readonly Lock _collateralSigning = new();

    private SimulatedTdxPlatform(string stateDirectory, SimulatedSgxPlatform sgx, SimulatedTdxState state, SimulatedTdxModule module)
    {
        StateDirectory = stateDirectory;
        _sgx = sgx;
        _state = state;
        _module = module;
        _quotingEnclave = new SimulatedTdxQuotingEnclave(sgx.State, state, sgx.CpuSvn.Span);
    }

    /// <summary>Where the TD QE's state is kept (<c>&lt;directory&gt;/tdx</c>); the shared PKI is in <c>&lt;directory&gt;/sgx</c>.</summary>
    public string StateDirectory { get; }

    /// <summary>The simulated root CA, shared with the SGX platform of the same directory.</summary>
    public X509Certificate2 RootCertificate => _sgx.RootCertificate;

    public X509Certificate2 PckCaCertificate => _sgx.PckCaCertificate;

    /// <summary>The PCK certificate, with Intel's SGX extension stating the platform's SGX TCB and FMSPC.</summary>
    public X509Certificate2 PckCertificate => _sgx.PckCertificate;

    public X509Certificate2 TcbSigningCertificate => _sgx.TcbSigningCertificate;

    /// <summary>FMSPC 0ccc00000000, which no Intel platform family uses.</summary>
    public ReadOnlyMemory<byte> Fmspc => _sgx.Fmspc;

    /// <summary>The TD Quoting Enclave's attestation public key, X||Y (64 bytes).</summary>
    public ReadOnlySpan<byte> AttestationPublicKey => _quotingEnclave.AttestationPublicKey;

    /// <summary>The simulated TD Quoting Enclave (ISVPRODID 2): its identity matches the TD_QE identity collateral.</summary>
    public SimulatedEnclave TdQuotingEnclave => _quotingEnclave.Identity;

    /// <summary>TEE_TCB_SVN the module reports: module SVN, major version (1, identity "TDX_01"), further components.</summary>
    public ReadOnlyMemory<byte> TeeTcbSvn => _module.TeeTcbSvn;

    /// <summary>MRSEAM of the simulated TDX module (SHA-384 of a label naming the simulation).</summary>
    public ReadOnlyMemory<byte> MrSeam => _module.MrSeam;

    /// <summary>MRSIGNERSEAM: all zero, as for Intel's module.</summary>
    public ReadOnlyMemory<byte> MrSignerSeam => _module.MrSignerSeam;

    /// <summary>
    /// Opens the simulated TDX platform kept under <paramref name="directory"/>, creating it on first use: the SGX
    /// platform there (created if missing) and the TD QE's attestation key. Processes that race share one state.
    /// </summary>
    public static SimulatedTdxPlatform OpenOrCreate(string directory) => OpenOrCreate(directory, SimulatedTdxModule.Current);

    /// <summary>As <see cref="OpenOrCreate(string)"/>, with another TDX module (tests reach older or foreign modules so).</summary>
    internal static SimulatedTdxPlatform OpenOrCreate(string directory, SimulatedTdxModule module)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(module);
        module.Validated();
        var sgx = SimulatedSgxPlatform.OpenOrCreate(directory);
        try
        {
            var stateDirectory = Path.Combine(Path.GetFullPath(directory), "tdx");
            return new SimulatedTdxPlatform(stateDirectory, sgx, SimulatedTdxState.LoadOrCreate(stateDirectory), module);
        }
        catch
        {
            sgx.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A DCAP quote of <paramref name="td"/> with <paramref name="reportData"/> (at most 64 bytes, zero-padded) as
    /// REPORTDATA: version 4 with TD report 1.0, or with <paramref name="version5"/> version 5 with body type 3 (TD
    /// report 1.5, adding TEE_TCB_SVN2 and MRSERVICETD). Certification data type 6 wraps the PEM PCK chain.
    /// </summary>
    public byte[] CreateQuote(SimulatedTd td, ReadOnlySpan<byte> reportData, bool version5 = false)
    {
        ArgumentNullException.ThrowIfNull(td);
        return _quotingEnclave.CreateQuote(td.CreateReportBody(_module, reportData, version5));
    }

    /// <summary>
    /// Collateral for verifying this platform's TDX quotes (and the SGX platform's quotes) at about <paramref name="now"/>:
    /// issued an hour before, valid 30 days; the TDX TCB and TD QE are UpToDate.
    /// </summary>
    public SimulatedTdxCollateral CreateCollateral(DateTimeOffset now)
    {
        lock (_collateralSigning)
        {
            return new SimulatedTdxCollateral(_sgx.CreateCollateral(now), SimulatedTdxCollateralWriter.Create(_sgx.State, TdQuotingEnclave, now));
        }
    }

    /// <summary>Writes <see cref="CreateCollateral"/> into <paramref name="directory"/>.</summary>
    public SimulatedTdxCollateral WriteCollateral(string directory, DateTimeOffset now)
    {
        var collateral = CreateCollateral(now);
        collateral.WriteTo(directory);
        return collateral;
    }

    public void Dispose()
    {
        _state.Dispose();
        _sgx.Dispose();
    }
}
