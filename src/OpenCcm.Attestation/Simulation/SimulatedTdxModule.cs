namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// What the simulated TDX module writes into every TD report (evidence-formats.md §2.5): TEE_TCB_SVN, MRSEAM,
/// MRSIGNERSEAM, SEAMATTRIBUTES and, in TD report 1.5, TEE_TCB_SVN2. <see cref="Current"/> matches the collateral;
/// tests build other modules (older SVNs, another signer) to reach the other verdicts.
/// </summary>
internal sealed record SimulatedTdxModule(byte[] TeeTcbSvn, byte[] TeeTcbSvn2, byte[] MrSeam, byte[] MrSignerSeam, byte[] SeamAttributes)
{
    /// <summary>The module the collateral lists as UpToDate.</summary>
    public static SimulatedTdxModule Current { get; } = new(
        SimulatedTdxParameters.TeeTcbSvn,
        SimulatedTdxParameters.TeeTcbSvn,
        SimulatedTdxParameters.MrSeam,
        SimulatedTdxParameters.MrSignerSeam,
        SimulatedTdxParameters.SeamAttributes);

    /// <summary>Throws unless every field has its size (16, 16, 48, 48, 8 bytes).</summary>
    public SimulatedTdxModule Validated()
    {
        if (TeeTcbSvn.Length != 16 || TeeTcbSvn2.Length != 16 || MrSeam.Length != 48 || MrSignerSeam.Length != 48 || SeamAttributes.Length != 8)
        {
            throw new ArgumentException("TEE_TCB_SVN(2) are 16 bytes, MRSEAM and MRSIGNERSEAM 48, SEAMATTRIBUTES 8.");
        }

        return this;
    }
}
