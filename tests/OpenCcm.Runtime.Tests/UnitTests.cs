using OpenCcm.Enclave.Files;
using OpenCcm.Runtime.Certificates;
using OpenCcm.Runtime.Files;
using OpenCcm.Runtime.Workload;

namespace OpenCcm.Runtime.Tests;

public sealed class RenewalPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Default_window_is_ten_days_for_long_certificates()
    {
        Assert.Equal(Start.AddDays(90 - 10), RenewalPolicy.RenewAt(Start, Start.AddDays(90), null));
    }

    [Fact]
    public void Default_window_is_a_third_of_a_short_lifetime()
    {
        Assert.Equal(Start.AddDays(2), RenewalPolicy.RenewAt(Start, Start.AddDays(3), null));
    }

    [Fact]
    public void Configured_window_is_used_when_shorter_than_the_lifetime_else_a_third()
    {
        Assert.Equal(Start.AddDays(30).AddHours(-1), RenewalPolicy.RenewAt(Start, Start.AddDays(30), 3600));
        Assert.Equal(Start.AddHours(2), RenewalPolicy.RenewAt(Start, Start.AddHours(3), 86_400));
    }

    [Fact]
    public void Retry_delay_is_a_tenth_of_what_remains_within_bounds()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), RenewalScheduler.RetryDelay(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(30), RenewalScheduler.RetryDelay(TimeSpan.FromSeconds(300)));
        Assert.Equal(TimeSpan.FromMinutes(5), RenewalScheduler.RetryDelay(TimeSpan.FromDays(3)));
        Assert.Equal(TimeSpan.FromSeconds(1), RenewalScheduler.RetryDelay(TimeSpan.FromSeconds(-5)));
    }
}

public sealed class RuntimeArgumentsTests
{
    private static string? NoEnvironment(string name) => null;

    [Fact]
    public void Defaults_sigstruct_beside_the_manifest_and_the_agent_from_the_environment()
    {
        var parsed = RuntimeArguments.Parse(["--manifest", "/m.json", "--root=/r"], name => name == "NODE_AGENT_BASE_URL" ? "http://10.0.0.1:9092/v1/" : null);
        Assert.Equal("/m.json.sigstruct", parsed.SigstructPath);
        Assert.Equal("http://10.0.0.1:9092/v1", parsed.AgentUrl);
        Assert.Equal("/r", parsed.Root);
        Assert.Equal(RuntimeArguments.DefaultAgentUrl, RuntimeArguments.Parse(["--manifest", "m", "--root", "r"], NoEnvironment).AgentUrl);
    }

    [Fact]
    public void Arguments_after_the_separator_go_to_the_workload()
    {
        var parsed = RuntimeArguments.Parse(["--manifest", "m", "--root", "r", "--", "--manifest", "x"], NoEnvironment);
        Assert.Equal(["--manifest", "x"], parsed.ExtraArguments);
    }

    [Theory]
    [InlineData("--root", "r")]
    [InlineData("--manifest", "m", "--root")]
    [InlineData("--manifest", "m", "--root", "r", "--bogus")]
    [InlineData("--manifest", "m", "--root", "r", "--agent", "ftp://x")]
    public void Bad_command_lines_are_usage_errors(params string[] args)
    {
        var e = Assert.Throws<RuntimeStartException>(() => RuntimeArguments.Parse(args, NoEnvironment));
        Assert.Equal(RuntimeExitCodes.Usage, e.ExitCode);
    }
}

public sealed class RootedPathsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ccm-rooted-").FullName;

    [Fact]
    public void Absolute_manifest_paths_are_taken_inside_the_root()
    {
        var paths = new RootedPaths(_root);
        Assert.Equal(Path.Combine(_root, "run/ccm/key.pem"), paths.Resolve("/run/ccm/key.pem"));
        Assert.Throws<ArgumentException>(() => paths.Resolve("/../etc/passwd"));
        Assert.Equal("/usr/bin/x", new RootedPaths("/").Resolve("/usr/bin/x"));
    }

    [Fact]
    public void Symbolic_links_resolve_as_inside_the_root()
    {
        Directory.CreateDirectory(Path.Combine(_root, "bin"));
        File.WriteAllText(Path.Combine(_root, "bin", "busybox"), "x");
        File.CreateSymbolicLink(Path.Combine(_root, "bin", "sh"), "/bin/busybox"); // absolute: the root's, not the host's
        Directory.CreateSymbolicLink(Path.Combine(_root, "sbin"), "bin");
        File.CreateSymbolicLink(Path.Combine(_root, "bin", "escape"), "../../../../etc/passwd");
        var paths = new RootedPaths(_root);
        Assert.Equal(Path.Combine(_root, "bin", "busybox"), paths.ResolveConfined("/bin/sh"));
        Assert.Equal(Path.Combine(_root, "bin", "busybox"), paths.ResolveConfined("/sbin/sh"));
        Assert.Null(paths.ResolveConfined("/bin/escape"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ccm-atomic-").FullName;

    [Fact]
    public void Writes_with_the_mode_and_replaces_atomically_leaving_no_temporary_file()
    {
        var path = Path.Combine(_directory, "sub", "key.pem");
        AtomicFile.Write(path, "one"u8, AtomicFile.PrivateMode);
        AtomicFile.Write(path, "two"u8, AtomicFile.PrivateMode);
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Single(Directory.GetFiles(Path.Combine(_directory, "sub")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

public sealed class ManifestMappingTests
{
    [Fact]
    public void Only_the_runtimes_own_outputs_are_excused_from_the_untrusted_file_check()
    {
        var outputs = new HashSet<string>(["run/ccm/key.pem", "run/ccm/cert.pem"]);
        var verification = new TrustedFileVerification(
        [
            new TrustedFileMismatch(TrustedFileCodes.UntrustedFilePresent, "run/ccm/key.pem", "m"),
            new TrustedFileMismatch(TrustedFileCodes.UntrustedFilePresent, "run/ccm/.key.pem.12.abc.tmp", "m"),
            new TrustedFileMismatch(TrustedFileCodes.UntrustedFilePresent, "run/ccm/other.pem", "m"),
            new TrustedFileMismatch(TrustedFileCodes.UntrustedFilePresent, "run/.key.pem.12.abc.tmp", "m"),
            new TrustedFileMismatch(TrustedFileCodes.Changed, "run/ccm/cert.pem", "m"),
        ], 0, 0, TimeSpan.Zero);
        var relevant = ManifestMapping.Relevant(verification, outputs);
        Assert.Equal(["run/ccm/other.pem", "run/.key.pem.12.abc.tmp", "run/ccm/cert.pem"], relevant.Select(m => m.Path));
    }

    [Theory]
    [InlineData("SIGHUP", 1)]
    [InlineData("hup", 1)]
    [InlineData("SIGUSR1", 10)]
    [InlineData("12", 12)]
    [InlineData("SIGTERM", 15)]
    public void Signal_names_parse(string name, int number) => Assert.Equal(number, Signals.Parse(name));

    [Fact]
    public void Unknown_signal_names_do_not_parse() => Assert.Null(Signals.Parse("SIGBOGUS"));
}
