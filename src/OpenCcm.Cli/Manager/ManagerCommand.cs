using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using OpenCcm.Manager;
using OpenCcm.Manager.Hosting;
using OpenCcm.Pki.Authority;

namespace OpenCcm.Cli.Manager;

/// <summary>
/// <c>ccm manager</c>: runs the manager (REST API, HTTPS with its own CA) in the foreground until SIGINT or SIGTERM,
/// which stop it gracefully (in-flight requests finish, the store closes). The first system administrator comes from
/// CCM_ADMIN_EMAIL and CCM_ADMIN_PASSWORD when no user exists yet.
/// </summary>
internal static class ManagerCommand
{
    public static Command Create(TextWriter stdout)
    {
        var dataDirectory = new Option<string?>("--data-dir")
        {
            Description = "Where the manager keeps its database (SQLite), sealed master key and CA (default: ~/.local/share/openccm/manager).",
        };
        var database = new Option<string>("--database")
        {
            Description = "'sqlite' (a file in the data directory) or a PostgreSQL connection string (Host=...;Database=...;Username=...).",
            DefaultValueFactory = _ => "sqlite",
        };
        var listen = new Option<string[]>("--listen")
        {
            Description = $"An address to serve (default: {ManagerOptions.DefaultListen}); plain http:// only on a loopback address. Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var allowSimulated = new Option<bool>("--allow-simulated") { Description = "Accept evidence from simulated TEEs (marked as simulated everywhere)." };
        var serverNames = new Option<string[]>("--server-name")
        {
            Description = "A DNS name or IP address clients use to reach the manager, added to its HTTPS certificate. Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var collateral = new Option<string[]>("--collateral")
        {
            Description = "A directory of TEE collateral (Intel TCB info, QE identities, CRLs, AMD certificates) for node attestation. Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var simulatedDirectory = new Option<string?>("--simulated-dir")
        {
            Description = "The simulated TEE state directory whose roots --allow-simulated trusts (default: as 'ccm evidence simulate').",
        };
        var issuedCheck = new Option<string>("--issued-certificate-check")
        {
            Description = "What is proven about each certificate after signing: contents (default), issuer-signature (also re-verify the signature), full-chain (also build its chain).",
            DefaultValueFactory = _ => "contents",
        };
        issuedCheck.AcceptOnlyFromAmong("contents", "issuer-signature", "full-chain");
        var command = new Command("manager", "Run the manager: accounts, zones and their CAs, node enrollment, allowlisting, attested certificates.")
        {
            dataDirectory, database, listen, allowSimulated, serverNames, collateral, simulatedDirectory, issuedCheck,
        };

        // A synchronous action: the host's console lifetime handles SIGINT/SIGTERM and stops gracefully.
        command.SetAction(parse =>
        {
            var options = new ManagerOptions
            {
                Database = Database(parse.GetValue(database)!),
                AllowSimulated = parse.GetValue(allowSimulated),
                IssuedCertificateCheck = parse.GetValue(issuedCheck) switch
                {
                    "issuer-signature" => IssuedCertificateCheck.IssuerSignature,
                    "full-chain" => IssuedCertificateCheck.FullChain,
                    _ => IssuedCertificateCheck.Contents,
                },
            };
            if (parse.GetValue(dataDirectory) is { Length: > 0 } data)
            {
                options.DataDirectory = Path.GetFullPath(data);
            }

            foreach (var url in parse.GetValue(listen) ?? [])
            {
                options.Listen.Add(url);
            }

            foreach (var name in parse.GetValue(serverNames) ?? [])
            {
                options.ServerNames.Add(name);
            }

            foreach (var directory in parse.GetValue(collateral) ?? [])
            {
                options.CollateralDirectories.Add(Directory.Exists(directory)
                    ? Path.GetFullPath(directory)
                    : throw new UsageException($"--collateral '{directory}' is not a directory."));
            }

            if (parse.GetValue(simulatedDirectory) is { Length: > 0 } simulated)
            {
                options.SimulatedDirectory = Path.GetFullPath(simulated);
            }

            return RunAsync(options, stdout).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> RunAsync(ManagerOptions options, TextWriter stdout)
    {
        WebApplication app;
        try
        {
            ListenAddresses.Parse(options.Listen);
            app = ManagerHost.Build(options);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        await using (app)
        {
            await app.StartAsync();
            await stdout.WriteLineAsync($"OpenCCM manager: data in {options.DataDirectory}; clients trust {Path.Combine(options.DataDirectory, "manager-ca.pem")}");
            foreach (var url in app.Urls)
            {
                await stdout.WriteLineAsync("listening on " + url);
            }

            await stdout.FlushAsync();
            await app.WaitForShutdownAsync();
        }

        return 0;
    }

    private static string Database(string value) =>
        value.Equals("sqlite", StringComparison.OrdinalIgnoreCase) || value.Contains('=', StringComparison.Ordinal)
            ? value
            : throw new UsageException($"--database '{value}' is neither 'sqlite' nor a PostgreSQL connection string (Host=...;Database=...).");
}
