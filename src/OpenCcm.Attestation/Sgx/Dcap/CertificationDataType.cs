namespace OpenCcm.Attestation.Sgx.Dcap;

/// <summary>Certification data types of a DCAP quote (evidence-formats.md §2.6; sgx_quote_3.h).</summary>
public enum CertificationDataType : ushort
{
    /// <summary>PPID in clear, CPUSVN, PCESVN, PCEID.</summary>
    PpidCleartext = 1,

    /// <summary>PPID encrypted with RSA-2048-OAEP, CPUSVN, PCESVN, PCEID.</summary>
    PpidRsa2048Oaep = 2,

    /// <summary>PPID encrypted with RSA-3072-OAEP, CPUSVN, PCESVN, PCEID.</summary>
    PpidRsa3072Oaep = 3,

    /// <summary>The PCK leaf certificate alone (PEM).</summary>
    PckLeafCertificate = 4,

    /// <summary>The PCK certificate chain, leaf, intermediate and root (PEM).</summary>
    PckCertificateChain = 5,

    /// <summary>v4/v5 wrapper: QE report, its signature, QE auth data and inner certification data.</summary>
    QeReportCertificationData = 6,

    /// <summary>Platform manifest; not supported by Intel's libraries either.</summary>
    PlatformManifest = 7,
}
