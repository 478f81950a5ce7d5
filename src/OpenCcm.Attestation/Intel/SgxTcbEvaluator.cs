namespace OpenCcm.Attestation.Intel;

/// <summary>The TCB level a platform matched, or none.</summary>
public sealed record TcbMatch(string Status, DateTimeOffset? TcbDate, IReadOnlyList<string> AdvisoryIds)
{
    public static readonly TcbMatch NotSupported = new(TcbStatuses.TcbNotSupported, null, []);
}

/// <summary>TCB level selection for SGX platforms and Quoting Enclaves (evidence-formats.md §4.3, §4.4; QVL TcbLevelCheck).</summary>
public static class SgxTcbEvaluator
{
    /// <summary>
    /// The first level (in the order served, newest first) whose 16 SGX components and PCESVN are all at or below
    /// the PCK certificate's; none → <see cref="TcbStatuses.TcbNotSupported"/>.
    /// </summary>
    public static TcbMatch MatchPlatform(TcbInfo tcbInfo, PckCertificateExtensions pck)
    {
        foreach (var level in tcbInfo.TcbLevels)
        {
            if (pck.PceSvn >= level.PceSvn && AllAtLeast(pck.TcbComponents, level.SgxComponents))
            {
                return new TcbMatch(level.TcbStatus, level.TcbDate, level.AdvisoryIds);
            }
        }

        return TcbMatch.NotSupported;
    }

    /// <summary>The first identity level whose ISVSVN is at or below the enclave's.</summary>
    public static TcbMatch MatchEnclave(EnclaveIdentity identity, ushort isvSvn)
    {
        foreach (var level in identity.TcbLevels)
        {
            if (isvSvn >= level.IsvSvn)
            {
                return new TcbMatch(level.TcbStatus, level.TcbDate, level.AdvisoryIds);
            }
        }

        return TcbMatch.NotSupported;
    }

    private static bool AllAtLeast(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> required)
    {
        for (var i = 0; i < required.Length; i++)
        {
            if (actual[i] < required[i])
            {
                return false;
            }
        }

        return true;
    }
}
