using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Nitro;

/// <summary>
/// Decides which trust anchor a document's cabundle[0] is: the pinned AWS root (byte for byte), or a simulated root
/// the caller chose to trust. A simulated root is trusted only when <see cref="VerificationContext.AllowSimulated"/> is
/// set and the root is byte-identical to one in <see cref="VerificationContext.SimulatedRoots"/> or to a certificate of
/// <see cref="VerificationContext.Collateral"/> carrying the <see cref="OpenCcmOids.SimulatedTee"/> extension.
/// </summary>
internal static class NitroRootTrust
{
    public static X509Certificate2? Resolve(byte[] rootDer, X509Certificate2? root, VerificationContext context, VerdictBuilder verdict)
    {
        if (NitroTrustRoots.IsAwsRoot(rootDer))
        {
            return NitroTrustRoots.AwsRootG1;
        }

        if (context.AllowSimulated && FindSimulatedRoot(rootDer, context) is { } simulated)
        {
            verdict.Simulated = true;
            verdict.Warning(FindingCodes.SimulatedEvidence, $"The document chains to the simulated root '{simulated.Subject}', not to AWS.");
            return simulated;
        }

        if (root is not null && IsMarkedSimulated(root))
        {
            verdict.Error(FindingCodes.SimulatedRootNotTrusted, $"cabundle[0] is the simulated root '{root.Subject}', which is not trusted here.");
        }
        else
        {
            verdict.Error(FindingCodes.CertificateChainUntrusted, $"cabundle[0] is not the AWS Nitro Enclaves root G1 (SHA-256 {NitroTrustRoots.AwsRootG1Sha256}).");
        }

        return null;
    }

    private static X509Certificate2? FindSimulatedRoot(byte[] rootDer, VerificationContext context) =>
        context.SimulatedRoots
            .Concat(context.Collateral.Certificates.Where(IsMarkedSimulated))
            .FirstOrDefault(c => c.RawDataMemory.Span.SequenceEqual(rootDer));

    private static bool IsMarkedSimulated(X509Certificate2 certificate) => certificate.Extensions[OpenCcmOids.SimulatedTee] is not null;
}
