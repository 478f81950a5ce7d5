using System.Security.Cryptography;
using System.Text;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// The fixed facts of every simulated SGX platform: its TCB, FMSPC and Quoting Enclave identity. They are chosen to be
/// recognisable as simulated (FMSPC 0ccc00000000 is no Intel platform family) and to match the collateral the platform
/// writes, so a simulated quote evaluates to UpToDate.
/// </summary>
internal static class SimulatedSgxParameters
{
    /// <summary>Bump when the state layout or these parameters change: old state directories are then refused.</summary>
    public const string StateFormat = "openccm-simulated-sgx/1";

    public const string Organization = "OpenCCM simulation (not a TEE)";
    public const string RootCommonName = "OpenCCM Simulated SGX Root CA";
    public const string PckCaCommonName = "OpenCCM Simulated SGX PCK Platform CA";
    public const string PckCommonName = "OpenCCM Simulated SGX PCK Certificate";
    public const string TcbSigningCommonName = "OpenCCM Simulated SGX TCB Signing";

    /// <summary>The value of the <see cref="OpenCcmOids.SimulatedTee"/> extension.</summary>
    public const string PlatformName = "sgx";

    /// <summary>Intel's QE vendor ID (evidence-formats.md §2.1), as a real DCAP quote carries it.</summary>
    public static readonly byte[] IntelQeVendorId = Convert.FromHexString("939a7233f79c4ca9940a0db3957f0607");

    public static readonly byte[] Fmspc = Convert.FromHexString("0ccc00000000");

    public static readonly byte[] PceId = [0, 0];

    /// <summary>SGX TCB comp01..16 of the platform; CPUSVN is the same 16 bytes.</summary>
    public static readonly byte[] TcbComponents = Convert.FromHexString("05050202010100000000000000000000");

    public const ushort PceSvn = 13;

    /// <summary>An older TCB level the collateral lists as OutOfDate.</summary>
    public static readonly byte[] OutOfDateTcbComponents = Convert.FromHexString("04040202010100000000000000000000");

    public const ushort OutOfDatePceSvn = 11;

    public const int TcbEvaluationDataNumber = 1;

    public static readonly DateTimeOffset UpToDateTcbDate = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset OutOfDateTcbDate = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string OutOfDateAdvisory = "OPENCCM-SIM-SA-0001";

    // The simulated Quoting Enclave: identity constants, ISVPRODID 1 like Intel's QE.
    public static readonly byte[] QeMrEnclave = SHA256.HashData(Encoding.ASCII.GetBytes("OpenCCM simulated SGX Quoting Enclave"));

    public static readonly byte[] QeMrSigner = SHA256.HashData(Encoding.ASCII.GetBytes("OpenCCM simulated SGX Quoting Enclave signer"));

    public const ushort QeIsvProdId = 1;

    public const ushort QeIsvSvn = 8;

    public const ushort QeOutOfDateIsvSvn = 6;

    /// <summary>INIT | MODE64BIT | PROVISIONKEY, as Intel's QE; the identity mask ignores MODE64BIT like Intel's.</summary>
    public const ulong QeAttributeFlags = SimulatedEnclave.InitFlag | SimulatedEnclave.Mode64BitFlag | SimulatedEnclave.ProvisionKeyFlag;

    public const string QeIdentityAttributes = "11000000000000000000000000000000";

    public const string QeIdentityAttributesMask = "FBFFFFFFFFFFFFFF0000000000000000";

    /// <summary>QE authentication data: 00 01 … 1f, as Intel's SGX QE writes it.</summary>
    public static readonly byte[] QeAuthData = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
}
