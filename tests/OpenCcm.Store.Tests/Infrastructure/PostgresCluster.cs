using System.Diagnostics;
using Npgsql;

namespace OpenCcm.Store.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use: the one named by <c>CCM_TEST_POSTGRES</c> (a connection string with the
/// right to create databases), or else a private cluster this process starts with scripts/postgres.sh and stops
/// when disposed, so <c>dotnet test</c> alone works on a fresh machine.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string EnvironmentVariable = "CCM_TEST_POSTGRES";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    private readonly string? _runDirectory;

    private PostgresCluster(string adminConnectionString, string? runDirectory)
    {
        AdminConnectionString = adminConnectionString;
        _runDirectory = runDirectory;
    }

    public string AdminConnectionString { get; }

    public static async Task<PostgresCluster> StartOrConnectAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresCluster(configured.Trim(), null);
        }

        var output = await RunScriptAsync("start");
        var runDirectory = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        var connection = (await File.ReadAllTextAsync(Path.Combine(runDirectory, "connection"))).Trim();
        return new PostgresCluster(connection, runDirectory);
    }

    /// <summary>Creates database <paramref name="name"/>; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_runDirectory is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await RunScriptAsync("stop", _runDirectory);
        }
    }

    private static async Task<string> RunScriptAsync(params string[] arguments)
    {
        var script = RepositoryRoot.File("scripts", "postgres.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run bash.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"scripts/postgres.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}\n" +
                $"Set {EnvironmentVariable} to a PostgreSQL connection string that may create databases, or install PostgreSQL (initdb, pg_ctl).");
        }

        return await stdout;
    }
}
