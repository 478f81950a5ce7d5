using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Attestation.Intel;

/// <summary>Finding codes for one kind of signed Intel collateral.</summary>
internal sealed record CollateralCodes(string Name, string Missing, string SignatureInvalid, string Expired, string NotYetValid);

/// <summary>
/// Picks, among the signed collateral given, the item that applies and is current at the verification time, and
/// checks its signature by an Intel TCB Signing certificate that chains to a trusted root at that time.
/// Verified signer chains are cached per collateral item and trust-anchor set.
/// </summary>
internal sealed class IntelCollateralSelector(ChainValidator chains)
{
    public static readonly CollateralCodes TcbInfoCodes = new(
        "TCB info", FindingCodes.TcbInfoMissing, FindingCodes.TcbInfoSignatureInvalid, FindingCodes.TcbInfoExpired, FindingCodes.TcbInfoNotYetValid);

    public static readonly CollateralCodes QeIdentityCodes = new(
        "QE identity", FindingCodes.QeIdentityMissing, FindingCodes.QeIdentitySignatureInvalid, FindingCodes.QeIdentityExpired, FindingCodes.QeIdentityNotYetValid);

    private readonly ConcurrentDictionary<string, ChainValidationResult> _signers = new(StringComparer.Ordinal);

    public SignedCollateral<T>? Select<T>(
        IReadOnlyList<SignedCollateral<T>> all, Func<T, bool> applies, Func<T, (DateTimeOffset Issue, DateTimeOffset Next, int EvaluationNumber)> describe,
        CollateralCodes codes, VerificationContext context, TrustAnchors anchors, VerdictBuilder verdict)
        where T : class
    {
        var time = context.Time;
        SignedCollateral<T>? best = null;
        foreach (var candidate in all)
        {
            if (!applies(candidate.Value))
            {
                continue;
            }

            if (best is null || Rank(candidate).CompareTo(Rank(best)) > 0)
            {
                best = candidate;
            }
        }

        if (best is null)
        {
            verdict.Error(codes.Missing, $"No {codes.Name} for this platform was given (use --collateral).");
            return null;
        }

        var (issue, next, number) = describe(best.Value);
        if (time > next)
        {
            verdict.Error(codes.Expired, $"{codes.Name} (evaluation data number {number}) expired at {next:yyyy-MM-ddTHH:mm:ssZ}.");
        }
        else if (time < issue)
        {
            verdict.Error(codes.NotYetValid, $"{codes.Name} (evaluation data number {number}) is not valid before {issue:yyyy-MM-ddTHH:mm:ssZ}.");
        }

        CheckSignature(best, codes, context, anchors, verdict);
        return best;

        // Current at the time first, then the newest evaluation data, then the latest issue date.
        (int, int, DateTimeOffset) Rank(SignedCollateral<T> item)
        {
            var (i, n, e) = describe(item.Value);
            return (i <= time && time <= n ? 1 : 0, e, i);
        }
    }

    private void CheckSignature<T>(SignedCollateral<T> item, CollateralCodes codes, VerificationContext context, TrustAnchors anchors, VerdictBuilder verdict)
        where T : class
    {
        var cacheKey = item.ContentHash + "|" + anchors.Key;
        if (_signers.TryGetValue(cacheKey, out var cached) && context.Time >= cached.ValidFrom && context.Time < cached.ValidTo)
        {
            verdict.Simulated |= TrustAnchors.IsSimulated(cached.Root);
            return;
        }

        // Only a TCB Signing certificate may sign collateral: a PCK key (which a compromised platform could leak)
        // or any other certificate under the root must not be able to vouch for a TCB level.
        var candidates = IntelTrustRoots.TcbSigningCertificates
            .Concat(item.IssuerChain)
            .Concat(context.Collateral.Certificates)
            .Concat(context.CertificateChain)
            .Where(IsTcbSigningCertificate)
            .Where(c => item.IsSignedBy(c));
        ChainValidationResult? firstFailure = null;
        foreach (var signer in candidates)
        {
            var intermediates = item.IssuerChain.Concat(context.Collateral.Certificates).ToArray();
            var chain = chains.Validate(signer, intermediates, anchors.Roots, context.Time);
            if (chain.IsValid && chain.Path.Count != 2)
            {
                // Intel issues TCB Signing certificates directly under the root.
                continue;
            }

            if (chain.IsValid)
            {
                _signers[cacheKey] = chain;
                verdict.Simulated |= TrustAnchors.IsSimulated(chain.Root);
                return;
            }

            firstFailure ??= chain;
        }

        if (firstFailure is null)
        {
            verdict.Error(codes.SignatureInvalid, $"The {codes.Name} signature does not verify with any Intel TCB Signing certificate given.");
            return;
        }

        foreach (var finding in firstFailure.Findings)
        {
            verdict.Error(FindingCodes.TcbSigningCertificateInvalid, $"{codes.Name} signer: {finding.Message}");
        }
    }

    private static bool IsTcbSigningCertificate(X509Certificate2 certificate) =>
        certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false).EndsWith("SGX TCB Signing", StringComparison.Ordinal)
        && !certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
}
