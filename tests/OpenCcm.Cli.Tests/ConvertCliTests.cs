using System.Text;
using System.Text.Json;
using OpenCcm.Converter.Images;
using OpenCcm.Enclave.Measurement;
using OpenCcm.Oci;
using OpenCcm.Oci.Registry;

namespace OpenCcm.Cli.Tests;

/// <summary>Two registries (anonymous, and htpasswd Basic auth), the busybox image, a signing key and a runtime for <see cref="ConvertCliTests"/>.</summary>
public sealed class ConvertCliFixture : IDisposable
{
    public const string User = "converter";
    public const string UserPassword = "registry secret 42";

    private readonly ConverterTestRegistry? _registry;
    private readonly ConverterTestRegistry? _protected;
    private readonly ConverterTestImages? _images;

    public ConvertCliFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ccm-convert-cli-").FullName;
        if (ConverterTools.MissingReason is not null)
        {
            return;
        }

        _registry = ConverterTestRegistry.Start();
        _protected = ConverterTestRegistry.Start("--htpasswd", $"{User}:{UserPassword}");
        _images = new ConverterTestImages();
        _images.Push($"{_registry.Address}/src/busybox:1");
        _images.Push($"{_protected.Address}/src/busybox:1", $"{User}:{UserPassword}");
        KeyPath = Path.Combine(Directory, "signing.pem");
        using (var key = EnclaveSigningKeys.Generate())
        {
            EnclaveSigningKeys.Save(key, KeyPath);
        }

        RuntimePath = ConverterTools.Runtime(Directory);
    }

    public string Directory { get; }

    public string KeyPath { get; } = "";

    public string RuntimePath { get; } = "";

    internal string Registry => _registry?.Address ?? throw new InvalidOperationException(ConverterTools.MissingReason);

    internal string Protected => _protected?.Address ?? throw new InvalidOperationException(ConverterTools.MissingReason);

    public void Dispose()
    {
        _images?.Dispose();
        _registry?.Dispose();
        _protected?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

[Collection(SerialEnvironment.Name)]
public sealed class ConvertCliTests(ConvertCliFixture fixture) : IClassFixture<ConvertCliFixture>
{
    [SkippableFact]
    public void Converts_between_two_repositories_and_the_labels_and_sigstruct_match_the_result()
    {
        ConverterTools.SkipUnlessAvailable();
        var sigstruct = Path.Combine(fixture.Directory, "app.sigstruct");
        var (code, json) = Ccm.RunJson(Convert("src/busybox:1", "dst/busybox:conf", "--sigstruct-out", sigstruct, "--isvprodid", "7", "--isvsvn", "3",
            "--rw-dir", "tmp", "--heartbeat", "5", "--certificate",
            """{"issuer":"MANAGER_CA","subject":"demo.example","altNames":["DNS:demo.example"],"keyType":"ec","keyParam":{"curve":"P-256"},"keyPath":"/run/ccm/key.pem","certPath":"/run/ccm/cert.pem"}""",
            "--json"));

        Assert.Equal(0, code);
        Assert.Equal(["newImage", "imageSHA", "imageSize", "isvprodid", "isvsvn", "mrenclave", "mrsigner"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"{fixture.Registry}/dst/busybox:conf", json.GetProperty("newImage").GetString());
        Assert.Equal(7, json.GetProperty("isvprodid").GetInt32());
        Assert.Equal(3, json.GetProperty("isvsvn").GetInt32());

        var inspected = ConverterTestImages.Inspect($"{fixture.Registry}/dst/busybox:conf");
        Assert.Equal(json.GetProperty("imageSHA").GetString(), inspected.GetProperty("Digest").GetString());
        var labels = inspected.GetProperty("Labels");
        Assert.Equal(json.GetProperty("mrenclave").GetString(), labels.GetProperty(ConfigRewriter.MrEnclaveLabel).GetString());
        Assert.Equal(json.GetProperty("mrsigner").GetString(), labels.GetProperty(ConfigRewriter.MrSignerLabel).GetString());
        Assert.Equal("7", labels.GetProperty(ConfigRewriter.IsvProdIdLabel).GetString());
        Assert.Equal("3", labels.GetProperty(ConfigRewriter.IsvSvnLabel).GetString());
        Assert.Equal(3, inspected.GetProperty("Layers").GetArrayLength()); // two busybox layers and the runtime layer

        var fields = SigstructFields.Read(File.ReadAllBytes(sigstruct));
        Assert.Equal(json.GetProperty("mrenclave").GetString(), fields.MrEnclave);
        Assert.Equal(json.GetProperty("mrsigner").GetString(), fields.MrSigner);
        Assert.Equal(7, fields.IsvProdId);
        Assert.Equal(3, fields.IsvSvn);
    }

    [SkippableFact]
    public void The_same_input_twice_gives_the_same_digest_and_measurement()
    {
        ConverterTools.SkipUnlessAvailable();
        var (firstCode, first) = Ccm.RunJson(Convert("src/busybox:1", "twice/a:x", "--isvprodid", "2", "--json"));
        var (secondCode, second) = Ccm.RunJson(Convert("src/busybox:1", "twice/b:y", "--isvprodid", "2", "--json"));

        Assert.Equal(0, firstCode);
        Assert.Equal(0, secondCode);
        Assert.Equal(first.GetProperty("imageSHA").GetString(), second.GetProperty("imageSHA").GetString());
        Assert.Equal(first.GetProperty("mrenclave").GetString(), second.GetProperty("mrenclave").GetString());
        Assert.Equal(first.GetProperty("imageSize").GetInt64(), second.GetProperty("imageSize").GetInt64());
    }

    [SkippableFact]
    public void Without_a_terminal_it_prints_plain_progress_lines_and_a_table()
    {
        ConverterTools.SkipUnlessAvailable();
        var (code, output, error) = Ccm.Run(Convert("src/busybox:1", "table/busybox:t"));

        Assert.Equal(0, code);
        Assert.Contains("mrenclave", output, StringComparison.Ordinal);
        Assert.Contains("imageSHA", output, StringComparison.Ordinal);
        Assert.Contains("layer 1/3 sha256:", error, StringComparison.Ordinal);
        Assert.Contains("layer 3/3 sha256:", error, StringComparison.Ordinal);
        Assert.Contains(" checking ", error, StringComparison.Ordinal);
        Assert.Contains(" pushing ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output + error); // no ANSI escapes in pipes
    }

    [SkippableFact]
    public void A_missing_image_exits_1_with_the_oci_code_and_nothing_is_pushed()
    {
        ConverterTools.SkipUnlessAvailable();
        var (code, _, error) = Ccm.Run(Convert("src/nothing:1", "missing/out:1"));

        Assert.Equal(1, code);
        Assert.Contains("refused (OciNotFound)", error, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ConverterTestImages.Inspect($"{fixture.Registry}/missing/out:1"));
    }

    [SkippableFact]
    public async Task A_layer_escaping_the_root_exits_1_with_the_converter_code_and_nothing_is_pushed()
    {
        ConverterTools.SkipUnlessAvailable();
        await CraftedImages.PushAsync(fixture.Registry, "crafted/escape:1", "../escape");

        var (code, _, error) = Ccm.Run(Convert("crafted/escape:1", "crafted/out:1"));

        Assert.Equal(1, code);
        Assert.Contains("refused (EntryPathTraversal)", error, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ConverterTestImages.Inspect($"{fixture.Registry}/crafted/out:1"));
    }

    [SkippableFact]
    public async Task A_refused_later_layer_leaves_none_of_the_blobs_streamed_while_checking_in_the_target()
    {
        ConverterTools.SkipUnlessAvailable();
        // The good layers are staged in the target while the image is checked: none may be committed.
        var layers = await CraftedImages.PushLayersAsync(fixture.Registry, "crafted/later:1", null,
            ["srv/a", "srv/b"], ["srv/c"], ["srv/d"], ["srv/e", "../escape"]);

        var (code, _, error) = Ccm.Run(Convert("crafted/later:1", "crafted/later-out:1"));

        Assert.Equal(1, code);
        Assert.Contains("refused (EntryPathTraversal)", error, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ConverterTestImages.Inspect($"{fixture.Registry}/crafted/later-out:1"));
        var options = new RegistryClientOptions();
        options.InsecureRegistries.Add(fixture.Registry);
        using var client = new RegistryClient(options);
        var target = client.OpenRepository(ImageReference.Parse($"{fixture.Registry}/crafted/later-out:1"));
        foreach (var layer in layers)
        {
            Assert.False(await target.HasBlobAsync(layer), $"{layer.Digest} was committed to the target");
        }
    }

    [SkippableFact]
    public void Credentials_come_from_flags_the_environment_or_the_docker_config_and_bad_ones_exit_1()
    {
        ConverterTools.SkipUnlessAvailable();
        var registry = fixture.Protected;
        string[] Protected(string to, params string[] extra) =>
            ["convert", "--from", $"{registry}/src/busybox:1", "--to", $"{registry}/{to}", "--insecure-registry", registry,
             "--signing-key", fixture.KeyPath, "--runtime", fixture.RuntimePath, "--json", .. extra];

        var (wrong, _, wrongError) = Ccm.Run(Protected("auth/out:1", "--src-creds", $"{ConvertCliFixture.User}:wrong", "--dest-creds", $"{ConvertCliFixture.User}:wrong"));
        Assert.Equal(1, wrong);
        Assert.Contains("refused (OciUnauthorized)", wrongError, StringComparison.Ordinal);
        Assert.DoesNotContain(":wrong", wrongError, StringComparison.Ordinal); // never the password

        var (flags, _) = Ccm.RunJson(Protected("auth/flags:1", "--src-creds", $"{ConvertCliFixture.User}:{ConvertCliFixture.UserPassword}",
            "--dest-creds", $"{ConvertCliFixture.User}:{ConvertCliFixture.UserPassword}"));
        Assert.Equal(0, flags);

        var dockerConfig = Path.Combine(fixture.Directory, "docker-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dockerConfig);
        var auth = System.Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ConvertCliFixture.User}:{ConvertCliFixture.UserPassword}"));
        File.WriteAllText(Path.Combine(dockerConfig, "config.json"), "{\"auths\":{\"http://" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
        Environment.SetEnvironmentVariable("DOCKER_CONFIG", dockerConfig);
        Environment.SetEnvironmentVariable("CCM_REGISTRY_PASSWORD", ConvertCliFixture.UserPassword);
        try
        {
            var (fromConfig, result) = Ccm.RunJson(Protected("auth/config:1"));
            Assert.Equal(0, fromConfig);
            Assert.Equal(ConverterTestImages.Inspect($"{registry}/auth/config:1", $"{ConvertCliFixture.User}:{ConvertCliFixture.UserPassword}").GetProperty("Digest").GetString(),
                result.GetProperty("imageSHA").GetString());

            // USER alone takes the password from CCM_REGISTRY_PASSWORD.
            var (fromEnvironment, _) = Ccm.RunJson(Protected("auth/env:1", "--src-creds", ConvertCliFixture.User, "--dest-creds", ConvertCliFixture.User));
            Assert.Equal(0, fromEnvironment);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", null);
            Environment.SetEnvironmentVariable("CCM_REGISTRY_PASSWORD", null);
        }
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        var digestTarget = Ccm.Run("convert", "--from", "oci:/nonexistent:x", "--to", "example.com/a@sha256:" + new string('0', 64), "--runtime", "/bin/sh");
        Assert.Equal(2, digestTarget.ExitCode);
        Assert.Contains("--to must name a tag", digestTarget.Error, StringComparison.Ordinal);

        var noRuntime = Ccm.Run("convert", "--from", "oci:/nonexistent:x", "--to", "oci:/nonexistent2:y", "--runtime", "/nonexistent/ccm-runtime");
        Assert.Equal(2, noRuntime.ExitCode);
        Assert.Contains("does not exist", noRuntime.Error, StringComparison.Ordinal);

        var badCertificate = Ccm.Run("convert", "--from", "oci:/a:x", "--to", "oci:/b:y", "--certificate", "{\"unknown\":1}");
        Assert.Equal(2, badCertificate.ExitCode);

        var badIsv = Ccm.Run("convert", "--from", "oci:/a:x", "--to", "oci:/b:y", "--isvprodid", "70000");
        Assert.Equal(2, badIsv.ExitCode);
        Assert.Contains("0..65535", badIsv.Error, StringComparison.Ordinal);
    }

    private string[] Convert(string from, string to, params string[] extra) =>
        ["convert", "--from", $"{fixture.Registry}/{from}", "--to", $"{fixture.Registry}/{to}", "--insecure-registry", fixture.Registry,
         "--signing-key", fixture.KeyPath, "--runtime", fixture.RuntimePath, .. extra];
}
