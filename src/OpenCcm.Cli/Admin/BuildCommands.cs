using System.CommandLine;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Contracts;

namespace OpenCcm.Cli.Admin;

/// <summary>
/// <c>ccm build list|create|show</c> over <c>/v1/builds</c>. <c>create --sigstruct</c> reads the enclave identity from a
/// SIGSTRUCT after verifying it as EINIT would (evidence-formats.md §6), so a corrupted file is never registered.
/// </summary>
internal static class BuildCommands
{
    private static readonly Column[] Columns =
    [
        new("build_id", "build_id"), new("app_name", "app_name"), new("tee_kind", "tee_kind"), new("status", "status.status"),
        new("mrenclave", "enclave_info.mrenclave"), new("isvprodid", "enclave_info.isvprodid"), new("isvsvn", "enclave_info.isvsvn"),
        new("pending_task_id", "pending_task_id"),
    ];

    public static Command Create(TextWriter stdout)
    {
        var listApp = new Option<Guid?>("--app") { Description = "Only builds of this app." };
        var showId = AdminCommand.Id("build");
        return new Command("build", "Builds (enclave identities) of the selected account's apps.")
        {
            AdminCommand.List(stdout, "list", "List the builds.", Columns,
                (parse, api, ct) => api.GetAsync(parse.GetValue(listApp) is { } app ? $"v1/builds?app_id={app}" : "v1/builds", ct),
                listApp),
            CreateBuild(stdout),
            AdminCommand.Item(stdout, "show", "Show a build.", (parse, api, ct) => api.GetAsync($"v1/builds/{parse.GetValue(showId)}", ct), showId),
        };
    }

    private static Command CreateBuild(TextWriter stdout)
    {
        var app = new Option<Guid>("--app") { Description = "The app's id.", Required = true };
        var sigstruct = new Option<string?>("--sigstruct") { Description = "The enclave's SIGSTRUCT (1808 bytes): its identity is read from it." };
        var mrenclave = new Option<string?>("--mrenclave") { Description = "MRENCLAVE (64 hex digits), without --sigstruct." };
        var mrsigner = new Option<string?>("--mrsigner") { Description = "MRSIGNER (64 hex digits), without --sigstruct." };
        var isvprodid = new Option<int?>("--isvprodid") { Description = "ISVPRODID (0..65535), without --sigstruct." };
        var isvsvn = new Option<int?>("--isvsvn") { Description = "ISVSVN (0..65535), without --sigstruct." };
        var name = new Option<string?>("--name") { Description = "The build's name." };
        return AdminCommand.Item(stdout, "create", "Register a build; it is used once its BUILD_WHITELIST task is approved.",
            (parse, api, ct) =>
            {
                var explicitIdentity = parse.GetValue(mrenclave) is not null || parse.GetValue(mrsigner) is not null
                    || parse.GetValue(isvprodid) is not null || parse.GetValue(isvsvn) is not null;
                BuildRequest request;
                if (parse.GetValue(sigstruct) is { } file)
                {
                    if (explicitIdentity)
                    {
                        throw new UsageException("Give either --sigstruct or --mrenclave/--mrsigner/--isvprodid/--isvsvn, not both.");
                    }

                    var identity = ReadSigstruct(file);
                    request = Sgx(parse.GetValue(app), identity.EnclaveHash.ToArray(), identity.MrSigner, identity.IsvProdId, identity.IsvSvn, parse.GetValue(name));
                }
                else if (parse.GetValue(mrenclave) is { } enclave && parse.GetValue(mrsigner) is { } signer
                    && parse.GetValue(isvprodid) is { } prodId && parse.GetValue(isvsvn) is { } svn)
                {
                    // The manager validates the hex and ranges and answers ValidationFailed.
                    request = new BuildRequest(parse.GetValue(app), null, enclave, signer, prodId, svn, null, parse.GetValue(name), null, null, null, null, null);
                }
                else
                {
                    throw new UsageException("Give --sigstruct FILE, or all of --mrenclave, --mrsigner, --isvprodid and --isvsvn.");
                }

                return api.SendAsync(HttpMethod.Post, "v1/builds", request, ct);
            },
            app, sigstruct, mrenclave, mrsigner, isvprodid, isvsvn, name);
    }

    private static BuildRequest Sgx(Guid app, byte[] mrenclave, byte[] mrsigner, int isvprodid, int isvsvn, string? name) =>
        new(app, null, Convert.ToHexStringLower(mrenclave), Convert.ToHexStringLower(mrsigner), isvprodid, isvsvn, null, name, null, null, null, null, null);

    /// <summary>The SIGSTRUCT in <paramref name="file"/> when it verifies (headers, reserved fields, RSA signature, Q1/Q2).</summary>
    internal static Sigstruct ReadSigstruct(string file)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read {file}: {e.Message}");
        }

        var verdict = new SigstructVerifier().Verify(bytes, new VerificationContext { Time = DateTimeOffset.UtcNow });
        if (!verdict.Verified)
        {
            var errors = string.Join("; ", verdict.Errors.Select(f => $"{f.Code}: {f.Message}"));
            throw new UsageException($"{file} is not a valid SIGSTRUCT ({errors}); no build was registered.");
        }

        return Sigstruct.Parse(bytes);
    }
}
