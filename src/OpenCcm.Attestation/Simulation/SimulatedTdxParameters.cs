using System.Security.Cryptography;
using System.Text;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// The fixed facts of every simulated TDX platform beyond the SGX platform it shares its PKI with: the TD Quoting
/// Enclave's identity, the TDX module and the TDX TCB the collateral lists. Chosen so a simulated quote evaluates to
/// UpToDate against the collateral the platform writes (evidence-formats.md §4.4).
/// </summary>
internal static class SimulatedTdxParameters
{
    /// <summary>Bump when the state layout or these parameters change: old state directories are then refused.</summary>
    public const string StateFormat = "openccm-simulated-tdx/1";

    // The TD Quoting Enclave: ISVPRODID 2 like Intel's TD QE, own MRENCLAVE/MRSIGNER.
    public static readonly byte[] TdQeMrEnclave = SHA256.HashData(Encoding.ASCII.GetBytes("OpenCCM simulated TDX Quoting Enclave"));

    public static readonly byte[] TdQeMrSigner = SHA256.HashData(Encoding.ASCII.GetBytes("OpenCCM simulated TDX Quoting Enclave signer"));

    public const ushort TdQeIsvProdId = 2;

    public const ushort TdQeIsvSvn = 4;

    public const ushort TdQeOutOfDateIsvSvn = 2;

    /// <summary>QE authentication data: 32 zero bytes, as Intel's TD QE writes it (§2.2).</summary>
    public static readonly byte[] TdQeAuthData = new byte[32];

    /// <summary>
    /// MRSEAM: a real module's is the SHA-384 of its image; this one names the simulation so a policy cannot confuse it
    /// with a released Intel module.
    /// </summary>
    public static readonly byte[] MrSeam = SHA384.HashData(Encoding.ASCII.GetBytes("OpenCCM simulated TDX module"));

    /// <summary>MRSIGNERSEAM of Intel's module: all zero (§2.5), as the TCB info's module identities state it.</summary>
    public static readonly byte[] MrSignerSeam = new byte[48];

    /// <summary>SEAMATTRIBUTES: must be zero (§2.5).</summary>
    public static readonly byte[] SeamAttributes = new byte[8];

    /// <summary>The module identities' attributesMask, as Intel serves it.</summary>
    public static readonly byte[] SeamAttributesMask = Convert.FromHexString("FFFFFFFFFFFFFFFF");

    /// <summary>Module major version 1, hence module identity "TDX_01".</summary>
    public const byte ModuleMajorVersion = 1;

    public const byte ModuleSvn = 3;

    public const byte ModuleOutOfDateSvn = 1;

    /// <summary>TEE_TCB_SVN: module SVN 3, major version 1, late microcode 2 (§2.5 byte meanings).</summary>
    public static readonly byte[] TeeTcbSvn = Convert.FromHexString("03010200000000000000000000000000");

    /// <summary>tdxtcbcomponents of the UpToDate level; like Intel's, byte 1 is 0 (the major version is judged by the module identity).</summary>
    public static readonly byte[] TdxTcbComponents = Convert.FromHexString("03000200000000000000000000000000");

    /// <summary>tdxtcbcomponents of the older, OutOfDate level.</summary>
    public static readonly byte[] OutOfDateTdxTcbComponents = Convert.FromHexString("01000100000000000000000000000000");
}
