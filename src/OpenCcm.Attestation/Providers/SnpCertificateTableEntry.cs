namespace OpenCcm.Attestation.Providers;

/// <summary>One entry of the SEV-SNP host certificate table: a GUID and the bytes its offset and length select.</summary>
public sealed class SnpCertificateTableEntry
{
    internal SnpCertificateTableEntry(Guid guid, int offset, ReadOnlyMemory<byte> data)
    {
        Guid = guid;
        Offset = offset;
        Data = data;
        Kind = SnpCertificateTable.KindOf(guid);
    }

    public Guid Guid { get; }

    public SnpCertificateKind Kind { get; }

    /// <summary>Where <see cref="Data"/> starts, relative to the start of the table.</summary>
    public int Offset { get; }

    /// <summary>The certificate (DER, or PEM from some host tools) or other blob, exactly as the host supplied it.</summary>
    public ReadOnlyMemory<byte> Data { get; }
}
