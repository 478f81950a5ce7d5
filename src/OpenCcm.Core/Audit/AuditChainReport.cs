namespace OpenCcm.Core.Audit;

/// <summary>The result of verifying a chain; fails closed (intact only when no break was found).</summary>
/// <param name="EntriesChecked">Entries read before stopping.</param>
/// <param name="LastGood">The last entry verified as good (the start anchor when none was).</param>
/// <param name="Break">The first broken link; null when intact.</param>
public sealed record AuditChainReport(long EntriesChecked, AuditChainAnchor LastGood, AuditChainBreak? Break)
{
    /// <summary>True when every entry links to the one before and hashes to its stored hash (and the head, when expected, matched).</summary>
    public bool IsIntact => Break is null;
}
