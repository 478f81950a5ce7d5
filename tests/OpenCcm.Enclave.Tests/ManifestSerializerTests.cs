using System.Text;
using System.Text.Json;
using OpenCcm.Enclave.Manifest;

namespace OpenCcm.Enclave.Tests;

public sealed class ManifestSerializerTests
{
    private static readonly string[] FieldOrder =
    [
        "version", "name", "entrypoint", "args", "allowCmdlineArgs", "env", "workingDir", "user", "trustedFiles", "rwDirs",
        "encryptedDirs", "certificates", "caCertificates", "heartbeat", "isvprodid", "isvsvn", "memSize", "threads", "debug",
    ];

    [Fact]
    public void Contract_example_loads_with_every_field()
    {
        var manifest = Load(SampleManifests.Full);

        Assert.Equal(1, manifest.Version);
        Assert.Equal("demo", manifest.Name);
        Assert.Equal("/usr/bin/demo", manifest.Entrypoint);
        Assert.Equal(["--port", "8443"], manifest.Args);
        Assert.False(manifest.AllowCmdlineArgs);
        Assert.Equal("value", manifest.Env["KEY"]);
        Assert.Equal("/", manifest.WorkingDir);
        Assert.Equal("0:0", manifest.User);
        Assert.Equal(SampleManifests.Hash, manifest.TrustedFiles["usr/bin/demo"]);
        Assert.Equal(["tmp", "var/run"], manifest.RwDirs);
        Assert.Empty(manifest.EncryptedDirs);
        var certificate = Assert.Single(manifest.Certificates);
        Assert.Equal(("MANAGER_CA", "demo.example", "ec", "P-256", (int?)null), (certificate.Issuer, certificate.Subject, certificate.KeyType, certificate.KeyParam.Curve, certificate.KeyParam.Size));
        Assert.Equal(["DNS:demo.example"], certificate.AltNames);
        Assert.Equal(("/run/ccm/key.pem", "/run/ccm/cert.pem", "/run/ccm/chain.pem"), (certificate.KeyPath, certificate.CertPath, certificate.ChainFile));
        Assert.Equal((864000, "SIGHUP"), (certificate.RenewBeforeSeconds, certificate.ReloadSignal));
        var ca = Assert.Single(manifest.CaCertificates);
        Assert.Equal(("/run/ccm/zone-root.pem", false), (ca.CaPath, ca.System));
        Assert.Equal((true, 5), (manifest.Heartbeat.Enabled, manifest.Heartbeat.IntervalSeconds));
        Assert.Equal(((ushort)1, (ushort)1, "2048M", (int?)16, false), (manifest.IsvProdId, manifest.IsvSvn, manifest.MemSize, manifest.Threads, manifest.Debug));
    }

    [Fact]
    public void Minimal_manifest_gets_documented_defaults()
    {
        var manifest = Load(SampleManifests.Minimal);

        Assert.Empty(manifest.Args);
        Assert.Empty(manifest.TrustedFiles);
        Assert.Equal("/", manifest.WorkingDir);
        Assert.Null(manifest.User);
        Assert.False(manifest.Heartbeat.Enabled);
        Assert.Equal(5, manifest.Heartbeat.IntervalSeconds);
        Assert.Equal(((ushort)0, (ushort)0, false), (manifest.IsvProdId, manifest.IsvSvn, manifest.Debug));
    }

    [Fact]
    public void Round_trip_is_byte_stable_and_canonical()
    {
        var first = EnclaveManifestSerializer.Serialize(Load(SampleManifests.Full));
        var second = EnclaveManifestSerializer.Serialize(EnclaveManifestSerializer.Load(first));

        Assert.Equal(first, second);
        Assert.Equal((byte)'\n', first[^1]);
        Assert.DoesNotContain((byte)'\r', first);
        using var document = JsonDocument.Parse(first);
        Assert.Equal(FieldOrder, document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("{\n  \"version\": 1,\n", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_sorts_trusted_files_and_env_by_ordinal_key()
    {
        var manifest = Load(SampleManifests.Minimal) with
        {
            TrustedFiles = new Dictionary<string, string> { ["b"] = SampleManifests.Hash, ["a/z"] = SampleManifests.Hash, ["B"] = SampleManifests.Hash, ["a"] = SampleManifests.Hash },
            Env = new Dictionary<string, string> { ["Z"] = "1", ["A"] = "2", ["a"] = "3" },
        };

        using var document = JsonDocument.Parse(EnclaveManifestSerializer.Serialize(manifest));

        Assert.Equal(["B", "a", "a/z", "b"], document.RootElement.GetProperty("trustedFiles").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["A", "Z", "a"], document.RootElement.GetProperty("env").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Serialize_refuses_an_invalid_manifest()
    {
        var manifest = Load(SampleManifests.Minimal) with { RwDirs = ["../escape"] };

        var e = Assert.Throws<EnclaveManifestException>(() => EnclaveManifestSerializer.Serialize(manifest));
        Assert.Equal(EnclaveManifestErrorCodes.InvalidPath, e.Code);
    }

    [Theory]
    [InlineData("not json", EnclaveManifestErrorCodes.MalformedJson)]
    [InlineData("[]", EnclaveManifestErrorCodes.MalformedJson)]
    [InlineData("", EnclaveManifestErrorCodes.MalformedJson)]
    [InlineData("""{"version": 1, "entrypoint": "/a"} {}""", EnclaveManifestErrorCodes.MalformedJson)]
    [InlineData("""{"version": 1, "entrypoint": "/a", /* c */ "name": "x"}""", EnclaveManifestErrorCodes.MalformedJson)]
    [InlineData("""{"version": 1, "entrypoint": "/a",}""", EnclaveManifestErrorCodes.MalformedJson)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "extra": 1}""", EnclaveManifestErrorCodes.UnknownField)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "Entrypoint": "/b"}""", EnclaveManifestErrorCodes.UnknownField)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "heartbeat": {"enabled": true, "period": 5}}""", EnclaveManifestErrorCodes.UnknownField)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "caCertificates": [{"caPath": "ca.pem", "caCert": "x"}]}""", EnclaveManifestErrorCodes.UnknownField)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "rsa", "keyParam": {"size": 2048, "bits": 1}, "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.UnknownField)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "entrypoint": "/b"}""", EnclaveManifestErrorCodes.DuplicateField)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"x": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", "x": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.DuplicateField)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "isvprodid": "1"}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "isvsvn": 65536}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "isvsvn": -1}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "args": null}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "args": "--x"}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"version": 1, "entrypoint": null}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "debug": "false"}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"x": null}}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "rwDirs": [null]}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [null]}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "heartbeat": null}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"version": null, "entrypoint": "/a"}""", EnclaveManifestErrorCodes.WrongType)]
    [InlineData("""{"entrypoint": "/a"}""", EnclaveManifestErrorCodes.UnsupportedVersion)]
    [InlineData("""{"version": 2, "entrypoint": "/a"}""", EnclaveManifestErrorCodes.UnsupportedVersion)]
    [InlineData("""{"version": 1}""", EnclaveManifestErrorCodes.MissingEntrypoint)]
    [InlineData("""{"version": 1, "entrypoint": ""}""", EnclaveManifestErrorCodes.MissingEntrypoint)]
    [InlineData("""{"version": 1, "entrypoint": "usr/bin/demo"}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/"}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/usr/../../bin/sh"}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "workingDir": "app"}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"/usr/bin/demo": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"usr/../etc/passwd": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"..": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"a//b": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"a/./b": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"a/": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"a\u0000b": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "rwDirs": ["tmp"], "trustedFiles": {"tmp/x": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "encryptedDirs": ["data"], "trustedFiles": {"data": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "rwDirs": ["/tmp"]}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "rwDirs": ["../tmp"]}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "rwDirs": [""]}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "encryptedDirs": ["a/.."]}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "caCertificates": [{"caPath": ""}]}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "caCertificates": [{"caPath": "/"}]}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "rsa", "keyParam": {"size": 2048}, "keyPath": "/../k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "rsa", "keyParam": {"size": 2048}, "keyPath": "k", "certPath": ""}]}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "rsa", "keyParam": {"size": 2048}, "keyPath": "k", "certPath": "c", "chainPath": "../chain"}]}""", EnclaveManifestErrorCodes.InvalidPath)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"x": "2C26B46B68FFC68FF99B453C1D30413413422D706483BFA0F98A5E886266E7AE"}}""", EnclaveManifestErrorCodes.InvalidHash)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"x": "2c26b46b"}}""", EnclaveManifestErrorCodes.InvalidHash)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "trustedFiles": {"x": "zz26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}""", EnclaveManifestErrorCodes.InvalidHash)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "dsa", "keyParam": {"size": 2048}, "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidKeyType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyParam": {"size": 2048}, "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidKeyType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "RSA", "keyParam": {"size": 2048}, "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidKeyType)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "rsa", "keyParam": {"size": 1024}, "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidKeyParam)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "rsa", "keyParam": {"size": 2048, "curve": "P-256"}, "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidKeyParam)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "rsa", "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidKeyParam)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "ec", "keyParam": {"curve": "P-521"}, "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidKeyParam)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "ec", "keyParam": {"size": 256}, "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidKeyParam)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"issuer": "NODE", "subject": "s", "keyType": "ec", "keyParam": {"curve": "P-256"}, "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"keyType": "ec", "keyParam": {"curve": "P-256"}, "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "altNames": ["demo.example"], "keyType": "ec", "keyParam": {"curve": "P-256"}, "keyPath": "k", "certPath": "c"}]}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "ec", "keyParam": {"curve": "P-256"}, "keyPath": "k", "certPath": "c", "renewBeforeSeconds": 0}]}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "ec", "keyParam": {"curve": "P-256"}, "keyPath": "k", "certPath": "c", "reloadSignal": "SIGKILL"}]}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "user": "root"}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "user": "0:99999999999"}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "memSize": "2GB"}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "memSize": "0M"}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "threads": 0}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "heartbeat": {"enabled": true, "intervalSeconds": 0}}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "env": {"A=B": "x"}}""", EnclaveManifestErrorCodes.InvalidValue)]
    [InlineData("""{"version": 1, "entrypoint": "/a", "args": ["a\u0000b"]}""", EnclaveManifestErrorCodes.InvalidValue)]
    public void Bad_manifest_fails_with_its_code(string json, string code)
    {
        var e = Assert.Throws<EnclaveManifestException>(() => Load(json));

        Assert.Equal(code, e.Code);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void Chain_path_none_means_no_chain()
    {
        var manifest = Load("""{"version": 1, "entrypoint": "/a", "certificates": [{"subject": "s", "keyType": "rsa", "keyParam": {"size": 3072}, "keyPath": "k", "certPath": "c", "chainPath": "none"}]}""");

        Assert.Null(manifest.Certificates[0].ChainFile);
        Assert.Equal("none", manifest.Certificates[0].ChainPath);
    }

    [Fact]
    public void Invalid_utf8_is_malformed_json()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"version": 1, "entrypoint": "/aX"}""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;

        Assert.Equal(EnclaveManifestErrorCodes.MalformedJson, Assert.Throws<EnclaveManifestException>(() => EnclaveManifestSerializer.Load(bytes)).Code);
    }

    [Fact]
    public void A_byte_order_mark_is_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(SampleManifests.Minimal)).ToArray();

        Assert.Equal("/app/run", EnclaveManifestSerializer.Load(bytes).Entrypoint);
    }

    [Fact]
    public void Oversized_manifest_is_refused_before_parsing()
    {
        var bytes = new byte[EnclaveManifestSerializer.MaxSize + 1];

        Assert.Equal(EnclaveManifestErrorCodes.TooLarge, Assert.Throws<EnclaveManifestException>(() => EnclaveManifestSerializer.Load(bytes)).Code);
    }

    private static EnclaveManifest Load(string json) => EnclaveManifestSerializer.Load(Encoding.UTF8.GetBytes(json));
}
