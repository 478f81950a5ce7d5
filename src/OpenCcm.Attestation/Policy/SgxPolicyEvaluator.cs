using System.Security.Cryptography;
using OpenCcm.Attestation.Sgx;

namespace OpenCcm.Attestation.Policy;

/// <summary>Judges an SGX verdict against an <see cref="SgxPolicy"/>; never changes the verdict itself.</summary>
public static class SgxPolicyEvaluator
{
    public static PolicyDecision Evaluate(AttestationVerdict verdict, SgxPolicy policy)
    {
        var refusals = new List<Finding>();
        if (verdict.Claims is not SgxClaims claims)
        {
            return PolicyDecision.From(verdict, [Finding.Error(FindingCodes.UnsupportedFormat, $"An SGX policy cannot judge {verdict.Format} evidence.")]);
        }

        if (verdict.Simulated && !policy.AllowSimulated)
        {
            refusals.Add(Finding.Error(FindingCodes.PolicySimulatedNotAllowed, "The evidence comes from a simulated TEE, which this policy refuses."));
        }

        if (verdict.TcbStatus is not null && !policy.AcceptedTcbStatuses.Contains(verdict.TcbStatus))
        {
            refusals.Add(Finding.Error(
                FindingCodes.PolicyTcbStatusNotAccepted,
                $"TCB status {verdict.TcbStatus} is not accepted (accepted: {string.Join(", ", policy.AcceptedTcbStatuses.Order())})."));
        }

        if (policy.RequireRevocationCheck && verdict.Has(FindingCodes.RevocationNotChecked))
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyRevocationNotChecked, "Revocation was not checked for every certificate, which this policy requires."));
        }

        if (claims.Debug && !policy.AllowDebug)
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyDebugEnabled, "The enclave runs in debug mode (its memory can be read)."));
        }

        var mrenclave = Bytes.Hex(claims.MrEnclave);
        if (policy.AllowedMrEnclaves is { } enclaves && !enclaves.Contains(mrenclave))
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyMeasurementNotAllowed, $"MRENCLAVE {mrenclave} is not allowed."));
        }

        var mrsigner = Bytes.Hex(claims.MrSigner);
        if (policy.AllowedMrSigners is { } signers && !signers.Contains(mrsigner))
        {
            refusals.Add(Finding.Error(FindingCodes.PolicySignerNotAllowed, $"MRSIGNER {mrsigner} is not allowed."));
        }

        if (policy.IsvProdId is { } product && claims.IsvProdId != product)
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyMeasurementNotAllowed, $"ISVPRODID {claims.IsvProdId} is not the expected {product}."));
        }

        if (claims.IsvSvn < policy.MinimumIsvSvn)
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyIsvSvnTooLow, $"ISVSVN {claims.IsvSvn} is below the minimum {policy.MinimumIsvSvn}."));
        }

        if (policy.ExpectedReportData is { } expected && !ReportDataMatches(claims.ReportData, expected))
        {
            refusals.Add(Finding.Error(FindingCodes.PolicyReportDataMismatch, "REPORTDATA does not carry the expected binding."));
        }

        return PolicyDecision.From(verdict, refusals);
    }

    private static bool ReportDataMatches(byte[]? actual, byte[] expected)
    {
        if (actual is null || expected.Length > actual.Length)
        {
            return false;
        }

        var padded = new byte[actual.Length];
        expected.CopyTo(padded, 0);
        return CryptographicOperations.FixedTimeEquals(actual, padded);
    }
}
