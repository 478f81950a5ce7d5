namespace OpenCcm.Enclave.Tests;

/// <summary>The manifest of CONTRACTS-5.md with a real hash, as text for tests to vary.</summary>
internal static class SampleManifests
{
    public const string Hash = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

    public const string Full = """
        {
          "version": 1,
          "name": "demo",
          "entrypoint": "/usr/bin/demo", "args": ["--port", "8443"], "allowCmdlineArgs": false,
          "env": {"KEY": "value"}, "workingDir": "/", "user": "0:0",
          "trustedFiles": {"usr/bin/demo": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"},
          "rwDirs": ["tmp", "var/run"], "encryptedDirs": [],
          "certificates": [{"issuer": "MANAGER_CA", "subject": "demo.example", "altNames": ["DNS:demo.example"],
                            "keyType": "ec", "keyParam": {"curve": "P-256"}, "keyPath": "/run/ccm/key.pem",
                            "certPath": "/run/ccm/cert.pem", "chainPath": "/run/ccm/chain.pem", "renewBeforeSeconds": 864000,
                            "reloadSignal": "SIGHUP"}],
          "caCertificates": [{"caPath": "/run/ccm/zone-root.pem", "system": false}],
          "heartbeat": {"enabled": true, "intervalSeconds": 5},
          "isvprodid": 1, "isvsvn": 1, "memSize": "2048M", "threads": 16, "debug": false
        }
        """;

    public const string Minimal = """{"version": 1, "entrypoint": "/app/run"}""";
}
