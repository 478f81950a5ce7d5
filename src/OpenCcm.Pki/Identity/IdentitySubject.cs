namespace OpenCcm.Pki.Identity;

/// <summary>
/// Whose identity a certificate carries. Encoded in the extension so a relying party that checks only the
/// extension cannot take a node's certificate for a workload's.
/// </summary>
public enum IdentitySubject
{
    Workload = 0,
    Node = 1,
}
