using OpenCcm.Attestation.Intel;

namespace OpenCcm.Attestation.Sgx.Dcap;

/// <summary>
/// What differs between TEEs in a DCAP appraisal: the TCB info and QE identity to use, and how the platform's TCB
/// level is found. <see cref="EvaluateTcb"/> (given the QE status, or null) returns the platform status before the QE merge, or null after
/// recording an error.
/// </summary>
internal sealed record DcapTee(
    string TcbInfoId,
    string QeIdentityId,
    Func<DcapQuote, TcbInfo, PckCertificateExtensions, string?, VerdictBuilder, string?> EvaluateTcb);
