using OpenCcm.Attestation.Intel;
using OpenCcm.Contracts;
using OpenCcm.Core.Models;
using OpenCcm.Manager.Http;

namespace OpenCcm.Manager.Zones;

/// <summary>
/// Validates zone policy changes: TCB statuses are Intel's names (evidence-formats.md §4.5, TDX relaunch statuses
/// included) and never <c>Revoked</c>; TEE kinds are their wire names; a task needs 1 to 10 approvals.
/// </summary>
internal static class ZonePolicyRules
{
    public const int MaxApprovalsRequired = 10;

    private static readonly HashSet<string> TdxOnlyStatuses =
        [TcbStatuses.TdRelaunchAdvised, TcbStatuses.TdRelaunchAdvisedConfigurationNeeded];

    public static bool IsAcceptableTcbStatus(string status) =>
        status != TcbStatuses.Revoked && (TcbStatuses.IsKnown(status) || TdxOnlyStatuses.Contains(status));

    /// <summary><paramref name="current"/> with the patch applied; problems are added to <paramref name="validation"/>.</summary>
    public static ZonePolicy Apply(ZonePolicy current, ZonePolicyPatch? patch, RequestValidation validation)
    {
        if (patch is null)
        {
            return current;
        }

        var policy = current;
        if (patch.AcceptedTcbStatuses is { } statuses)
        {
            var unknown = statuses.Where(s => s is null || !IsAcceptableTcbStatus(s)).ToArray();
            validation
                .Require(statuses.Count > 0, "policy.accepted_tcb_statuses must name at least one status.")
                .Require(unknown.Length == 0, $"policy.accepted_tcb_statuses: {string.Join(", ", unknown.Select(s => $"'{s}'"))} not accepted; use Intel's names, e.g. UpToDate, SWHardeningNeeded (never Revoked).");
            policy = policy with { AcceptedTcbStatuses = [.. statuses.Distinct(StringComparer.Ordinal)] };
        }

        if (patch.AllowedTeeKinds is { } kinds)
        {
            var parsed = new List<TeeKind>();
            foreach (var kind in kinds)
            {
                if (kind is not null && WireNames.TryParse<TeeKind>(kind, out var value))
                {
                    parsed.Add(value);
                }
                else
                {
                    validation.Require(false, $"policy.allowed_tee_kinds: '{kind}' is not one of SGX, TDX, SEV_SNP, NITRO.");
                }
            }

            policy = policy with { AllowedTeeKinds = [.. parsed.Distinct()] };
        }

        if (patch.ApprovalsRequired is { } approvals)
        {
            validation.Require(approvals is >= 1 and <= MaxApprovalsRequired, $"policy.approvals_required must be 1 to {MaxApprovalsRequired}.");
            policy = policy with { ApprovalsRequired = approvals };
        }

        return policy;
    }

    public static ZonePolicyContract ToContract(ZonePolicy policy) =>
        new(policy.AcceptedTcbStatuses, [.. policy.AllowedTeeKinds.Select(k => WireNames.Of(k))], policy.ApprovalsRequired);
}
