using System.Security.Cryptography;

namespace OpenCcm.Attestation.Nitro;

/// <summary>
/// Judges Nitro claims against a <see cref="NitroPolicy"/>. Returns policy findings (errors mean refused); it never
/// changes whether the evidence was authentic, which is the verifier's verdict alone.
/// </summary>
public static class NitroPolicyEvaluator
{
    /// <summary>
    /// Evaluates a verdict's claims and whether simulated evidence is acceptable. Policy presumes authenticity:
    /// callers refuse a verdict that is not <see cref="AttestationVerdict.Verified"/> before asking.
    /// </summary>
    public static IReadOnlyList<Finding> Evaluate(NitroPolicy policy, AttestationVerdict verdict, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.Claims is not NitroClaims claims)
        {
            return [Finding.Error(FindingCodes.UnsupportedFormat, $"A Nitro policy cannot judge '{verdict.Format}' evidence.")];
        }

        var findings = new List<Finding>();
        if (verdict.Simulated && !policy.AllowSimulated)
        {
            findings.Add(Finding.Error(FindingCodes.PolicySimulatedNotAllowed, "The document comes from a simulated Nitro platform."));
        }

        findings.AddRange(Evaluate(policy, claims, now));
        return findings;
    }

    public static IReadOnlyList<Finding> Evaluate(NitroPolicy policy, NitroClaims claims, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(claims);
        var findings = new List<Finding>();
        if (claims.Debug && !policy.AllowDebug)
        {
            findings.Add(Finding.Error(FindingCodes.PolicyDebugEnabled, "The enclave runs in debug mode (PCR0–2 zero)."));
        }

        foreach (var (index, expected) in policy.ExpectedPcrs.OrderBy(p => p.Key))
        {
            if (!claims.Pcrs.TryGetValue(index, out var actual))
            {
                findings.Add(Finding.Error(FindingCodes.NitroPolicyPcrMissing, $"The document reports no PCR{index}."));
            }
            else if (!actual.AsSpan().SequenceEqual(expected))
            {
                findings.Add(Finding.Error(FindingCodes.NitroPolicyPcrMismatch, $"PCR{index} is {Bytes.Hex(actual)}, expected {Bytes.Hex(expected)}."));
            }
        }

        Match(findings, policy.ExpectedNonce, claims.Nonce, FindingCodes.NitroPolicyNonceMismatch, "nonce");
        Match(findings, policy.ExpectedUserData, claims.UserData, FindingCodes.NitroPolicyUserDataMismatch, "user data");
        Match(findings, policy.ExpectedPublicKey, claims.PublicKey, FindingCodes.NitroPolicyPublicKeyMismatch, "public key");
        CheckFreshness(findings, policy, claims.Timestamp, now);
        return findings;
    }

    private static void Match(List<Finding> findings, byte[]? expected, byte[]? actual, string code, string what)
    {
        if (expected is null)
        {
            return;
        }

        // Constant time: a nonce or key binding may be derived from secrets the caller holds.
        if (actual is null || !CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            findings.Add(Finding.Error(code, actual is null ? $"The document carries no {what}." : $"The document's {what} differs from the expected value."));
        }
    }

    private static void CheckFreshness(List<Finding> findings, NitroPolicy policy, DateTimeOffset timestamp, DateTimeOffset now)
    {
        if (policy.MaximumAge is not { } maximumAge)
        {
            return;
        }

        if (now - timestamp > maximumAge)
        {
            findings.Add(Finding.Error(FindingCodes.NitroPolicyTimestampTooOld, $"The document was made at {timestamp:O}, more than {maximumAge} before {now:O}."));
        }
        else if (timestamp - now > policy.MaximumClockSkew)
        {
            findings.Add(Finding.Error(FindingCodes.NitroPolicyTimestampInFuture, $"The document claims {timestamp:O}, after {now:O} plus the allowed skew."));
        }
    }
}
