namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// The collateral of a simulated SGX platform as Intel's PCS would serve it for a real one: TCB info v3, QE identity v2
/// (both signed by the simulated TCB Signing key), the PCK and Root CA CRLs and the issuer chains. Every file is
/// recognised by content by <see cref="CollateralSet.LoadDirectories"/>.
/// </summary>
public sealed class SimulatedSgxCollateral
{
    internal SimulatedSgxCollateral(IReadOnlyDictionary<string, byte[]> files)
    {
        Files = files;
    }

    /// <summary>File name → content: tcb_info.json, qe_identity.json, pck_crl.der, root_ca_crl.der, root_ca.pem,
    /// tcb_signing_chain.pem (TCB Signing, Root), pck_ca_chain.pem (PCK CA, Root).</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary><c>{"tcbInfo":{…},"signature":"…"}</c> in PCS shape.</summary>
    public byte[] TcbInfoJson => Files[SimulatedSgxCollateralWriter.TcbInfoFile];

    /// <summary><c>{"enclaveIdentity":{…},"signature":"…"}</c> in PCS shape.</summary>
    public byte[] QeIdentityJson => Files[SimulatedSgxCollateralWriter.QeIdentityFile];

    /// <summary>DER CRL issued by the simulated PCK Platform CA (no entries).</summary>
    public byte[] PckCrl => Files[SimulatedSgxCollateralWriter.PckCrlFile];

    /// <summary>DER CRL issued by the simulated Root CA (no entries).</summary>
    public byte[] RootCaCrl => Files[SimulatedSgxCollateralWriter.RootCrlFile];

    /// <summary>Writes the files into <paramref name="directory"/> (created if missing), each replaced atomically.</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, content) in Files)
        {
            var target = Path.Combine(directory, name);
            var temporary = Path.Combine(directory, $".{name}-{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, target, overwrite: true);
        }
    }

    /// <summary>The same collateral as <see cref="CollateralSet.LoadDirectories"/> would load it from a directory.</summary>
    public CollateralSet ToCollateralSet()
    {
        var builder = new CollateralSet.Builder();
        foreach (var (name, content) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            builder.Add(content, name);
        }

        return builder.Build();
    }
}
