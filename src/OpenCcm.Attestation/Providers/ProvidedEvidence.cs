namespace OpenCcm.Attestation.Providers;

/// <summary>Evidence as a provider obtained it, with what the interface returned beside it.</summary>
public sealed class ProvidedEvidence
{
    public ProvidedEvidence(
        string format, ReadOnlyMemory<byte> evidence, ReadOnlyMemory<byte> auxiliaryData = default, SnpCertificateTable? snpCertificates = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(format);
        Format = format;
        Evidence = evidence;
        AuxiliaryData = auxiliaryData;
        SnpCertificates = snpCertificates;
    }

    /// <summary>One of <see cref="EvidenceFormats"/>: what a verifier should treat <see cref="Evidence"/> as.</summary>
    public string Format { get; }

    /// <summary>The evidence bytes exactly as the interface returned them.</summary>
    public ReadOnlyMemory<byte> Evidence { get; }

    /// <summary>Supplemental bytes as returned (configfs-tsm auxblob); empty when the interface returned none.</summary>
    public ReadOnlyMemory<byte> AuxiliaryData { get; }

    /// <summary>The host's SEV-SNP certificate table parsed from <see cref="AuxiliaryData"/> (sev_guest only), else null.</summary>
    public SnpCertificateTable? SnpCertificates { get; }
}
