namespace OpenCcm.Attestation.Providers;

/// <summary>What an entry of the SEV-SNP host certificate table holds, by its GUID (GHCB spec 56421 §4.1.8.1).</summary>
public enum SnpCertificateKind
{
    /// <summary>A GUID this code does not know; the entry is kept, not dropped.</summary>
    Other,

    /// <summary>VCEK 63da758d-e664-4564-adc5-f4b93be8accd.</summary>
    Vcek,

    /// <summary>VLEK a8074bc2-a25a-483e-aae6-39c045a0b8a1.</summary>
    Vlek,

    /// <summary>ASK (VCEK chain) or ASVK (VLEK chain): one GUID for both, 4ab7b379-bbac-4fe4-a02f-05aef327c782.</summary>
    Ask,

    /// <summary>ARK c0b406a4-a803-4952-9743-3fb6014cd0ae.</summary>
    Ark,

    /// <summary>CRL 92f81bc3-5811-4d3d-97ff-d19f88dc67ea (virtee/sev CertType::CRL; not in the GHCB table of the four keys).</summary>
    Crl,
}
