using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;

namespace OpenCcm.Cli.Admin;

/// <summary><c>ccm login</c>: Basic → bearer at <c>POST /v1/sys/auth</c>, saved for the admin commands.</summary>
internal static class LoginCommand
{
    public const string PasswordVariable = "CCM_PASSWORD";

    public static Command Create(TextWriter stdout)
    {
        var manager = new Option<string>("--manager") { Description = "The manager's URL, e.g. https://ccm.example:8443.", Required = true };
        var email = new Option<string>("--email") { Description = "Your e-mail.", Required = true };
        var caCert = new Option<string?>("--cacert") { Description = "The manager's CA certificate (its data directory's manager-ca.pem)." };
        var command = new Command("login", $"Log in to a manager (password from ${PasswordVariable}, else read from standard input).")
        {
            manager, email, caCert,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var url = parse.GetValue(manager)!;
            var password = Environment.GetEnvironmentVariable(PasswordVariable) ?? Console.In.ReadLine()
                ?? throw new UsageException($"No password: set {PasswordVariable} or give it on standard input.");
            var ca = parse.GetValue(caCert) is { } file ? Path.GetFullPath(file) : null;
            using var client = ManagerClient.Create(url, ca, bearer: null);
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/sys/auth");
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(parse.GetValue(email) + ":" + password)));
            using var response = await SendAsync(client, request, cancellationToken).ConfigureAwait(false);
            var body = await ManagerClient.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            new CliSession(url, body.GetProperty("access_token").GetString()!, ca).Save();
            await stdout.WriteLineAsync($"logged in to {url}; session saved in {CliSession.Path}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new UsageException($"Cannot reach the manager at {client.BaseAddress}: {e.Message}");
        }
    }
}
