using OpenCcm.Attestation.Intel;

namespace OpenCcm.Attestation.Tdx;

/// <summary>
/// TCB evaluation of a TDX platform (evidence-formats.md §4.4; QVL TdxModuleCheck, TcbLevelCheck, TDRelaunchCheck):
/// the TDX module identity and its TCB level, the TDX TCB level (SGX components from the PCK certificate and TDX
/// components from TEE_TCB_SVN), their merge, and for TD report 1.5 the relaunch advice.
/// </summary>
public static class TdxTcbEvaluator
{
    /// <summary>
    /// The platform status before the QE merge, or null after recording an error (module mismatch, unknown status).
    /// </summary>
    public static string? Evaluate(TdReportBody td, TcbInfo tcbInfo, PckCertificateExtensions pck, string? qeStatus, VerdictBuilder verdict)
    {
        var svn = td.TeeTcbSvn;
        var module = FindModule(tcbInfo, svn[1], verdict);
        if (module is null || !ModuleMatches(module, td, verdict))
        {
            return null;
        }

        // Module major version 0 uses tdxModule, which has no TCB levels: the module check then passes as is.
        var moduleMatch = module.TcbLevels.Count == 0 ? null : MatchModule(module, svn[0]);
        if (moduleMatch is { Status: TcbStatuses.TcbNotSupported })
        {
            verdict.Warning(FindingCodes.TcbNotSupported, $"No TCB level of TDX module {module.Id} matches its SVN {svn[0]}.");
            return TcbStatuses.TcbNotSupported;
        }

        if (moduleMatch is not null)
        {
            verdict.Info(FindingCodes.TcbStatus, $"TDX module {module.Id} (SVN {svn[0]}): {moduleMatch.Status}.");
            verdict.AddAdvisories(moduleMatch.AdvisoryIds);
        }

        var level = MatchLevel(tcbInfo, pck, svn);
        if (level is null)
        {
            return TcbStatuses.TcbNotSupported;
        }

        if (!TcbStatuses.IsKnown(level.TcbStatus))
        {
            verdict.Error(FindingCodes.TcbStatusUnrecognized, $"TCB info gives the unrecognised status '{level.TcbStatus}'.");
            return null;
        }

        verdict.AddAdvisories(level.AdvisoryIds);
        verdict.Info(FindingCodes.TcbStatus, $"TDX TCB level {level.TcbStatus}, TCB date {level.TcbDate:yyyy-MM-dd}.");
        var merged = MergeModule(level.TcbStatus, moduleMatch?.Status);
        var sgxStatus = SgxTcbEvaluator.MatchPlatform(tcbInfo, pck).Status;
        var advised = ApplyRelaunchAdvice(td, tcbInfo, sgxStatus, merged, moduleMatch?.Status, qeStatus);
        if (advised != merged)
        {
            verdict.Info(FindingCodes.TcbStatus, $"The TDX module was updated after this TD launched: relaunching it would raise its TCB ({advised}).");
        }

        return advised;
    }

    /// <summary>
    /// TD relaunch advice (QVL TDRelaunchCheck, TD report 1.5 only): the module was updated in place after the TD
    /// launched, so relaunching it would raise its TCB. Applied after the QE merge.
    /// </summary>
    public static string ApplyRelaunchAdvice(TdReportBody td, TcbInfo tcbInfo, string sgxStatus, string merged, string? moduleStatus, string? qeStatus)
    {
        if (!td.IsVersion15 || qeStatus is null or TcbStatuses.OutOfDate or TcbStatuses.Revoked
            || sgxStatus is not (TcbStatuses.UpToDate or TcbStatuses.SwHardeningNeeded or TcbStatuses.ConfigurationNeeded or TcbStatuses.ConfigurationAndSwHardeningNeeded)
            || merged is not (TcbStatuses.OutOfDate or TcbStatuses.OutOfDateConfigurationNeeded)
            || moduleStatus != TcbStatuses.OutOfDate || tcbInfo.TcbLevels.Count == 0 || tcbInfo.TcbLevels[0].TdxComponents is not { } latest)
        {
            return merged;
        }

        var svn2 = td.TeeTcbSvn2;
        bool relaunchHelps;
        if (svn2[1] == 0)
        {
            relaunchHelps = svn2[0] >= latest[0] && svn2[2] >= latest[2];
        }
        else
        {
            var id = $"TDX_{svn2[1]:X2}";
            var identity = tcbInfo.TdxModuleIdentities.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));
            relaunchHelps = identity is { TcbLevels.Count: > 0 } && svn2[0] >= identity.TcbLevels[0].IsvSvn && svn2[2] >= latest[2];
        }

        if (!relaunchHelps)
        {
            return merged;
        }

        var configuration = sgxStatus.Contains("Configuration", StringComparison.Ordinal) || merged.Contains("Configuration", StringComparison.Ordinal);
        return configuration ? TcbStatuses.TdRelaunchAdvisedConfigurationNeeded : TcbStatuses.TdRelaunchAdvised;
    }

    private static TdxModuleIdentity? FindModule(TcbInfo tcbInfo, byte major, VerdictBuilder verdict)
    {
        if (major == 0)
        {
            if (tcbInfo.TdxModule is null)
            {
                verdict.Error(FindingCodes.TdxModuleMismatch, "The TCB info has no tdxModule for a module of major version 0.");
            }

            return tcbInfo.TdxModule;
        }

        var id = $"TDX_{major:X2}";
        var module = tcbInfo.TdxModuleIdentities.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));
        if (module is null)
        {
            verdict.Error(FindingCodes.TdxModuleMismatch, $"The TCB info has no identity {id} for this TDX module.");
        }

        return module;
    }

    // MRSIGNERSEAM must be the module signer's; SEAMATTRIBUTES must be zero and equal the identity's (QVL applies no mask).
    private static bool ModuleMatches(TdxModuleIdentity module, TdReportBody td, VerdictBuilder verdict)
    {
        if (!td.MrSignerSeam.SequenceEqual(module.MrSigner))
        {
            verdict.Error(FindingCodes.TdxModuleMismatch, $"MRSIGNERSEAM does not match the signer of TDX module {module.Id}.");
            return false;
        }

        if (td.SeamAttributes.ContainsAnyExcept((byte)0) || !td.SeamAttributes.SequenceEqual(module.Attributes))
        {
            verdict.Error(FindingCodes.TdxModuleMismatch, $"SEAMATTRIBUTES {Bytes.Hex(td.SeamAttributes)} do not match TDX module {module.Id}.");
            return false;
        }

        return true;
    }

    private static TcbMatch MatchModule(TdxModuleIdentity module, byte moduleSvn)
    {
        foreach (var level in module.TcbLevels)
        {
            if (moduleSvn >= level.IsvSvn)
            {
                return new TcbMatch(level.TcbStatus, level.TcbDate, level.AdvisoryIds);
            }
        }

        return TcbMatch.NotSupported;
    }

    // The first level whose SGX components and PCESVN the PCK certificate meets and whose TDX components TEE_TCB_SVN
    // meets (from index 2 when the module's major version is set: bytes 0 and 1 are then judged by the module identity).
    private static TcbLevel? MatchLevel(TcbInfo tcbInfo, PckCertificateExtensions pck, ReadOnlySpan<byte> svn)
    {
        var first = svn[1] > 0 ? 2 : 0;
        foreach (var level in tcbInfo.TcbLevels)
        {
            if (level.TdxComponents is not { } tdx || pck.PceSvn < level.PceSvn || !AllAtLeast(pck.TcbComponents, level.SgxComponents))
            {
                continue;
            }

            var matches = true;
            for (var i = first; i < 16 && matches; i++)
            {
                matches = svn[i] >= tdx[i];
            }

            if (matches)
            {
                return level;
            }
        }

        return null;
    }

    private static string MergeModule(string level, string? module) => module switch
    {
        TcbStatuses.OutOfDate when level is TcbStatuses.UpToDate or TcbStatuses.SwHardeningNeeded => TcbStatuses.OutOfDate,
        TcbStatuses.OutOfDate when level is TcbStatuses.ConfigurationNeeded or TcbStatuses.ConfigurationAndSwHardeningNeeded => TcbStatuses.OutOfDateConfigurationNeeded,
        TcbStatuses.Revoked => TcbStatuses.Revoked,
        _ => level,
    };

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
