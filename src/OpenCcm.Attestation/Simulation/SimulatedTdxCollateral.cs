namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// The collateral of a simulated TDX platform as Intel's PCS would serve it: the TDX TCB info v3 and TD_QE identity
/// v2, plus everything the SGX platform sharing its PKI serves (its TCB info and QE identity, the CRLs, the root and
/// issuer chains). One directory of these files therefore verifies the quotes of both platforms.
/// </summary>
public sealed class SimulatedTdxCollateral
{
    private readonly SimulatedSgxCollateral _files;

    internal SimulatedTdxCollateral(SimulatedSgxCollateral sgx, IReadOnlyDictionary<string, byte[]> tdxFiles)
    {
        var files = new Dictionary<string, byte[]>(sgx.Files, StringComparer.Ordinal);
        foreach (var (name, content) in tdxFiles)
        {
            files.Add(name, content);
        }

        _files = new SimulatedSgxCollateral(files);
    }

    /// <summary>File name → content: tdx_tcb_info.json, td_qe_identity.json and the SGX collateral's files
    /// (<see cref="SimulatedSgxCollateral.Files"/>).</summary>
    public IReadOnlyDictionary<string, byte[]> Files => _files.Files;

    /// <summary><c>{"tcbInfo":{"id":"TDX",…},"signature":"…"}</c> in PCS shape.</summary>
    public byte[] TcbInfoJson => Files[SimulatedTdxCollateralWriter.TcbInfoFile];

    /// <summary><c>{"enclaveIdentity":{"id":"TD_QE",…},"signature":"…"}</c> in PCS shape.</summary>
    public byte[] TdQeIdentityJson => Files[SimulatedTdxCollateralWriter.TdQeIdentityFile];

    /// <summary>Writes the files into <paramref name="directory"/> (created if missing), each replaced atomically.</summary>
    public void WriteTo(string directory) => _files.WriteTo(directory);

    /// <summary>The same collateral as <see cref="CollateralSet.LoadDirectories"/> would load it from a directory.</summary>
    public CollateralSet ToCollateralSet() => _files.ToCollateralSet();
}
