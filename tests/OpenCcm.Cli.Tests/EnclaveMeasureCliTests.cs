using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpenCcm.Attestation;
using OpenCcm.Attestation.Sgx;
using OpenCcm.Enclave.Manifest;
using OpenCcm.Enclave.Measurement;

namespace OpenCcm.Cli.Tests;

/// <summary><c>ccm enclave measure</c>: exit codes, --update, the SIGSTRUCT it writes and the measurement's sensitivity.</summary>
public sealed class EnclaveMeasureCliTests : IDisposable
{
    private const string Date = "2026-01-09";
    private readonly string work = Directory.CreateTempSubdirectory("ccm-measure-").FullName;

    public EnclaveMeasureCliTests()
    {
        Write("root/usr/bin/demo", "demo binary");
        Write("root/etc/demo.conf", "port = 8443");
        Write("root/tmp/scratch", "rw");
        Write("ccm-runtime", "runtime executable");
        Write("demo.json", """{"version": 1, "name": "demo", "entrypoint": "/usr/bin/demo", "rwDirs": ["tmp"], "isvprodid": 258, "isvsvn": 772}""");
    }

    private string Root => Path.Combine(work, "root");

    private string Manifest => Path.Combine(work, "demo.json");

    private string Runtime => Path.Combine(work, "ccm-runtime");

    private string SigstructPath => Path.Combine(work, "demo.sigstruct");

    [Fact]
    public void Update_measures_signs_and_writes_a_verifiable_sigstruct()
    {
        var (code, json, error) = Measure("--update", "--sigstruct-out", SigstructPath);

        Assert.Equal(0, code);
        var manifest = EnclaveManifestSerializer.Load(File.ReadAllBytes(Manifest));
        Assert.Equal(["etc/demo.conf", "usr/bin/demo"], manifest.TrustedFiles.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, json.GetProperty("trustedFiles").GetInt32());
        var expected = EnclaveMeasurement.Measure(File.ReadAllBytes(Runtime), File.ReadAllBytes(Manifest));
        Assert.Equal(Convert.ToHexStringLower(expected.MrEnclave), json.GetProperty("mrenclave").GetString());
        Assert.Equal(Convert.ToHexStringLower(expected.ManifestSha256), json.GetProperty("manifestSha256").GetString());
        Assert.Equal(Convert.ToHexStringLower(expected.RuntimeSha256), json.GetProperty("runtimeSha256").GetString());

        var sigstruct = File.ReadAllBytes(SigstructPath);
        Assert.True(new SigstructVerifier().Verify(sigstruct, new VerificationContext { Time = DateTimeOffset.UtcNow }).Verified);
        Assert.Equal(json.GetProperty("mrenclave").GetString(), Convert.ToHexStringLower(sigstruct.AsSpan(960, 32)));
        Assert.Equal(json.GetProperty("mrsigner").GetString(), Convert.ToHexStringLower(SHA256.HashData(sigstruct.AsSpan(128, 384))));
        Assert.Equal(258, BinaryPrimitives.ReadUInt16LittleEndian(sigstruct.AsSpan(1024)));
        Assert.Equal(772, BinaryPrimitives.ReadUInt16LittleEndian(sigstruct.AsSpan(1026)));
        Assert.Equal(json.GetProperty("isvprodid").GetInt32(), BinaryPrimitives.ReadUInt16LittleEndian(sigstruct.AsSpan(1024)));
        Assert.Equal(json.GetProperty("isvsvn").GetInt32(), BinaryPrimitives.ReadUInt16LittleEndian(sigstruct.AsSpan(1026)));
        Assert.True(EnclaveIdentityCheck.Check(File.ReadAllBytes(Runtime), File.ReadAllBytes(Manifest), sigstruct).Succeeded);

        var keyPath = SigstructPath + ".key.pem";
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        Assert.Contains(keyPath, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Measurement_is_deterministic_and_follows_every_input()
    {
        var first = MrEnclave(Measure("--update"));
        Assert.Equal(first, MrEnclave(Measure()));
        Assert.Equal(first, MrEnclave(Measure("--update")));

        Write("root/etc/demo.conf", "port = 8444");
        Assert.Equal(1, Measure().ExitCode);
        var afterFileChange = MrEnclave(Measure("--update"));
        Assert.NotEqual(first, afterFileChange);

        var runtime = File.ReadAllBytes(Runtime);
        runtime[0] ^= 1;
        File.WriteAllBytes(Runtime, runtime);
        var afterRuntimeChange = MrEnclave(Measure());
        Assert.NotEqual(afterFileChange, afterRuntimeChange);

        var manifest = File.ReadAllText(Manifest).Replace("\"isvsvn\": 772", "\"isvsvn\": 773", StringComparison.Ordinal);
        File.WriteAllText(Manifest, manifest);
        Assert.NotEqual(afterRuntimeChange, MrEnclave(Measure()));
    }

    [Fact]
    public void Same_key_and_date_give_the_same_sigstruct()
    {
        Assert.Equal(0, Measure("--update", "--sigstruct-out", SigstructPath).ExitCode);
        var first = File.ReadAllBytes(SigstructPath);

        var (code, _, error) = Measure("--sigstruct-out", SigstructPath);

        Assert.Equal(0, code);
        Assert.Contains("existing key", error, StringComparison.Ordinal);
        Assert.Equal(first, File.ReadAllBytes(SigstructPath));
    }

    [Fact]
    public void Given_signing_key_sets_mrsigner_and_default_sigstruct_path()
    {
        Assert.Equal(0, Measure("--update", "--sigstruct-out", SigstructPath).ExitCode);
        var keyPath = SigstructPath + ".key.pem";
        using var key = EnclaveSigningKeys.Load(keyPath);

        var (code, json, _) = Measure("--signing-key", keyPath);

        Assert.Equal(0, code);
        Assert.Equal(Convert.ToHexStringLower(EnclaveMeasurement.MrSigner(key)), json.GetProperty("mrsigner").GetString());
        Assert.Equal(Manifest + ".sigstruct", json.GetProperty("sigstruct").GetString());
        Assert.True(File.Exists(Manifest + ".sigstruct"));
    }

    [Fact]
    public void Without_key_or_sigstruct_out_only_measures()
    {
        var (code, json, _) = Measure("--update");

        Assert.Equal(0, code);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("mrsigner").ValueKind);
        Assert.False(File.Exists(Manifest + ".sigstruct"));
    }

    [Fact]
    public void Changed_or_missing_trusted_file_exits_1_with_codes_and_writes_nothing()
    {
        Assert.Equal(0, Measure("--update").ExitCode);
        Write("root/usr/bin/demo", "tampered");
        File.Delete(Path.Combine(Root, "etc/demo.conf"));

        var (code, json, _) = Measure("--sigstruct-out", SigstructPath);

        Assert.Equal(1, code);
        var codes = json.GetProperty("mismatches").EnumerateArray().Select(m => m.GetProperty("code").GetString()!).ToArray();
        Assert.Equal(["TrustedFileMissing", "TrustedFileChanged"], codes);
        Assert.False(File.Exists(SigstructPath));
    }

    [Fact]
    public void Entrypoint_absent_from_the_root_exits_1_even_with_update()
    {
        File.Delete(Path.Combine(Root, "usr/bin/demo"));

        var (code, json, _) = Measure("--update");

        Assert.Equal(1, code);
        Assert.Equal("EntrypointNotTrusted", json.GetProperty("mismatches")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("{not json", "ManifestMalformedJson")]
    [InlineData("""{"version": 1, "entrypoint": "/usr/bin/demo", "surprise": true}""", "ManifestUnknownField")]
    [InlineData("""{"version": 1}""", "ManifestMissingEntrypoint")]
    [InlineData("""{"version": 1, "entrypoint": "/usr/bin/demo", "rwDirs": ["../x"]}""", "ManifestInvalidPath")]
    public void Malformed_manifest_exits_3_with_its_code(string manifest, string expectedCode)
    {
        File.WriteAllText(Manifest, manifest);

        var (code, json, _) = Measure("--update");

        Assert.Equal(3, code);
        Assert.Equal(expectedCode, json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(manifest, File.ReadAllText(Manifest));
    }

    [Fact]
    public void Usage_and_io_errors_exit_2()
    {
        Assert.Equal(2, Ccm.Run("enclave", "measure", "--root", Root, "--manifest", Path.Combine(work, "absent.json"), "--runtime", Runtime).ExitCode);
        Assert.Equal(2, Ccm.Run("enclave", "measure", "--root", Path.Combine(work, "absent"), "--manifest", Manifest, "--runtime", Runtime).ExitCode);
        Assert.Equal(2, Ccm.Run("enclave", "measure", "--root", Root, "--manifest", Manifest, "--runtime", Path.Combine(work, "absent")).ExitCode);
        Assert.Equal(2, Ccm.Run("enclave", "measure", "--manifest", Manifest, "--runtime", Runtime).ExitCode);
        Assert.Equal(2, Ccm.Run("enclave", "measure", "--root", Root, "--manifest", Manifest, "--runtime", Runtime, "--sigstruct-date", "9 Jan").ExitCode);
        Write("bad-key.pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        Assert.Equal(2, Ccm.Run("enclave", "measure", "--root", Root, "--manifest", Manifest, "--runtime", Runtime, "--update", "--signing-key", Path.Combine(work, "bad-key.pem")).ExitCode);
    }

    [Fact]
    public void Default_runtime_is_ccm_runtime_next_to_ccm()
    {
        var (code, _, error) = Ccm.Run("enclave", "measure", "--root", Root, "--manifest", Manifest);

        Assert.Equal(2, code);
        Assert.Contains("--runtime", error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "ccm-runtime"), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Human_output_names_the_measurement()
    {
        var (code, output, _) = Ccm.Run("enclave", "measure", "--root", Root, "--manifest", Manifest, "--runtime", Runtime, "--update");

        Assert.Equal(0, code);
        Assert.Contains("mrenclave", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static string MrEnclave((int ExitCode, JsonElement Json, string Error) result)
    {
        Assert.True(result.ExitCode == 0, result.Error + result.Json);
        return result.Json.GetProperty("mrenclave").GetString()!;
    }

    private (int ExitCode, JsonElement Json, string Error) Measure(params string[] extra)
    {
        string[] args = ["enclave", "measure", "--root", Root, "--manifest", Manifest, "--runtime", Runtime, "--sigstruct-date", Date, "--json", .. extra];
        var (code, output, error) = Ccm.Run(args);
        using var document = JsonDocument.Parse(output);
        return (code, document.RootElement.Clone(), error);
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(work, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
    }
}
