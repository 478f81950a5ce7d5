namespace OpenCcm.Attestation;

/// <summary>
/// Codes of <see cref="Providers.EvidenceProviderException"/>: why evidence could not be obtained on this machine
/// (the device side, before any verification).
/// </summary>
public static partial class FindingCodes
{
    /// <summary>The TEE interface is absent: no configfs-tsm, no Gramine /dev/attestation, no /dev/nsm, no registered provider (ENXIO/ENODEV).</summary>
    public const string EvidenceDeviceUnavailable = "EvidenceDeviceUnavailable";

    /// <summary>The interface exists but this process may not use it (EACCES/EPERM).</summary>
    public const string EvidenceDevicePermissionDenied = "EvidenceDevicePermissionDenied";

    /// <summary>The value to bind (report data, user data, nonce, public key) exceeds what the interface carries; refused before any I/O.</summary>
    public const string ReportDataTooLong = "ReportDataTooLong";

    /// <summary>Another writer kept changing the request (configfs-tsm generation race) or the device stayed busy (EBUSY) through every retry.</summary>
    public const string EvidenceDeviceBusy = "EvidenceDeviceBusy";

    /// <summary>The evidence is larger than the interface can return (EFBIG from configfs-tsm, an oversize NSM response).</summary>
    public const string EvidenceTooLarge = "EvidenceTooLarge";

    /// <summary>The kernel, driver or LibOS failed the request with an error number (named in the message).</summary>
    public const string EvidenceDeviceError = "EvidenceDeviceError";

    /// <summary>The interface serves another TEE than asked (configfs-tsm provider), or lacks a requested option (privlevel).</summary>
    public const string EvidenceProviderMismatch = "EvidenceProviderMismatch";

    /// <summary>Gramine runs without DCAP remote attestation (attestation_type "none" or "epid"), so it cannot produce an sgx-quote.</summary>
    public const string RemoteAttestationUnavailable = "RemoteAttestationUnavailable";

    /// <summary>The Nitro Secure Module answered the request with an error (its ErrorCode is in the message).</summary>
    public const string NsmRequestFailed = "NsmRequestFailed";

    /// <summary>The interface returned bytes of the wrong shape: bad CBOR from the NSM, an unparsable generation, evidence that does not parse.</summary>
    public const string EvidenceDeviceResponseMalformed = "EvidenceDeviceResponseMalformed";

    /// <summary>The returned evidence does not carry the report data (or user data, nonce, public key) that was written.</summary>
    public const string EvidenceReportDataMismatch = "EvidenceReportDataMismatch";

    /// <summary>The SEV-SNP certificate table (configfs-tsm auxblob, GHCB cert_table) is malformed: entry out of bounds, no terminator, duplicate GUID.</summary>
    public const string SnpCertificateTableMalformed = "SnpCertificateTableMalformed";
}
