using System.Globalization;
using C = OpenCcm.Enclave.Manifest.EnclaveManifestErrorCodes;

namespace OpenCcm.Enclave.Manifest;

/// <summary>The manifest's value rules (docs/enclave-manifest.md, "Fields"); the first violation is thrown.</summary>
internal static class EnclaveManifestValidator
{
    private static readonly string[] Signals = ["SIGHUP", "SIGUSR1", "SIGUSR2", "SIGTERM", "SIGINT"];
    private static readonly string[] AltNamePrefixes = ["DNS:", "IP:", "URI:", "EMAIL:"];

    public static void Validate(EnclaveManifest manifest)
    {
        if (manifest.Version != EnclaveManifest.CurrentVersion)
        {
            Fail(C.UnsupportedVersion, $"version is {manifest.Version}; only {EnclaveManifest.CurrentVersion} is supported (and it is required).");
        }

        if (string.IsNullOrEmpty(manifest.Entrypoint))
        {
            Fail(C.MissingEntrypoint, "entrypoint is missing or empty.");
        }

        Require(ManifestPaths.IsAbsolute(manifest.Entrypoint) && manifest.Entrypoint.Length > 1, C.InvalidPath, "entrypoint", manifest.Entrypoint, "an absolute path to a file");
        Require(ManifestPaths.IsAbsolute(manifest.WorkingDir), C.InvalidPath, "workingDir", manifest.WorkingDir, "an absolute path");
        ValidateProcess(manifest);
        ValidateFiles(manifest);
        foreach (var (certificate, index) in manifest.Certificates.Select((c, i) => (c, i)))
        {
            ValidateCertificate(certificate, $"certificates[{index}]");
        }

        foreach (var (ca, index) in manifest.CaCertificates.Select((c, i) => (c, i)))
        {
            Require(ManifestPaths.IsInside(ca.CaPath), C.InvalidPath, $"caCertificates[{index}].caPath", ca.CaPath, "a path inside the root");
        }

        Require(manifest.Heartbeat.IntervalSeconds is >= 1 and <= 86_400, C.InvalidValue, "heartbeat.intervalSeconds", Invariant(manifest.Heartbeat.IntervalSeconds), "1 to 86400");
    }

    private static void ValidateProcess(EnclaveManifest manifest)
    {
        foreach (var argument in manifest.Args)
        {
            Require(!argument.Contains('\0', StringComparison.Ordinal), C.InvalidValue, "args", argument, "free of NUL characters");
        }

        foreach (var (key, value) in manifest.Env)
        {
            Require(key.Length > 0 && !key.Contains('=', StringComparison.Ordinal) && !key.Contains('\0', StringComparison.Ordinal), C.InvalidValue, "env key", key, "non-empty, without '=' or NUL");
            Require(!value.Contains('\0', StringComparison.Ordinal), C.InvalidValue, $"env[\"{key}\"]", value, "free of NUL characters");
        }

        Require(manifest.User is null || IsUserSpec(manifest.User), C.InvalidValue, "user", manifest.User, "\"uid:gid\" with decimal numbers");
        Require(manifest.MemSize is null || IsMemSize(manifest.MemSize), C.InvalidValue, "memSize", manifest.MemSize, "a positive number with a K, M or G suffix (e.g. \"2048M\")");
        Require(manifest.Threads is null or >= 1 and <= 65_536, C.InvalidValue, "threads", Invariant(manifest.Threads), "1 to 65536");
    }

    private static void ValidateFiles(EnclaveManifest manifest)
    {
        foreach (var directory in manifest.RwDirs)
        {
            Require(ManifestPaths.IsRelative(directory), C.InvalidPath, "rwDirs", directory, "a relative path without '..'");
        }

        foreach (var directory in manifest.EncryptedDirs)
        {
            Require(ManifestPaths.IsRelative(directory), C.InvalidPath, "encryptedDirs", directory, "a relative path without '..'");
        }

        foreach (var (path, hash) in manifest.TrustedFiles)
        {
            Require(ManifestPaths.IsRelative(path), C.InvalidPath, "trustedFiles key", path, "a relative path without '..'");
            var excluded = manifest.RwDirs.Concat(manifest.EncryptedDirs).FirstOrDefault(d => ManifestPaths.IsUnder(path, d));
            Require(excluded is null, C.InvalidPath, "trustedFiles key", path, $"outside rwDirs and encryptedDirs (it is under '{excluded}')");
            Require(IsSha256Hex(hash), C.InvalidHash, $"trustedFiles[\"{path}\"]", hash, "64 lowercase hex digits");
        }
    }

    private static void ValidateCertificate(CertificateRequestSpec certificate, string at)
    {
        Require(certificate.Issuer == CertificateRequestSpec.ManagerCa, C.InvalidValue, at + ".issuer", certificate.Issuer, $"\"{CertificateRequestSpec.ManagerCa}\"");
        Require(certificate.Subject.Length > 0 && !certificate.Subject.Contains('\0', StringComparison.Ordinal), C.InvalidValue, at + ".subject", certificate.Subject, "a non-empty common name");
        foreach (var name in certificate.AltNames)
        {
            var prefix = AltNamePrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal));
            Require(prefix is not null && name.Length > prefix.Length, C.InvalidValue, at + ".altNames", name, "DNS:, IP:, URI: or EMAIL: followed by a value");
        }

        var parameters = certificate.KeyParam;
        switch (certificate.KeyType)
        {
            case "rsa":
                Require(parameters.Size is 2048 or 3072 && parameters.Curve is null, C.InvalidKeyParam, at + ".keyParam", Describe(parameters), "{\"size\": 2048} or {\"size\": 3072} for rsa");
                break;
            case "ec":
                Require(parameters.Curve is "P-256" or "P-384" && parameters.Size is null, C.InvalidKeyParam, at + ".keyParam", Describe(parameters), "{\"curve\": \"P-256\"} or {\"curve\": \"P-384\"} for ec");
                break;
            default:
                Fail(C.InvalidKeyType, $"{at}.keyType is '{certificate.KeyType}'; expected \"rsa\" or \"ec\".");
                break;
        }

        Require(ManifestPaths.IsInside(certificate.KeyPath), C.InvalidPath, at + ".keyPath", certificate.KeyPath, "a path inside the root");
        Require(ManifestPaths.IsInside(certificate.CertPath), C.InvalidPath, at + ".certPath", certificate.CertPath, "a path inside the root");
        Require(certificate.ChainFile is null || ManifestPaths.IsInside(certificate.ChainFile), C.InvalidPath, at + ".chainPath", certificate.ChainPath, "a path inside the root, or \"none\"");
        Require(certificate.RenewBeforeSeconds is null or > 0, C.InvalidValue, at + ".renewBeforeSeconds", Invariant(certificate.RenewBeforeSeconds), "a positive number of seconds");
        Require(certificate.ReloadSignal is null || Signals.Contains(certificate.ReloadSignal, StringComparer.Ordinal), C.InvalidValue, at + ".reloadSignal", certificate.ReloadSignal, string.Join(", ", Signals));
    }

    private static bool IsSha256Hex(string value) =>
        value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static bool IsUserSpec(string value)
    {
        var parts = value.Split(':');
        return parts.Length == 2 && parts.All(p => p.Length is > 0 and <= 10 && p.All(char.IsAsciiDigit) && uint.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _));
    }

    private static bool IsMemSize(string value) =>
        value.Length is >= 2 and <= 12 && value[^1] is 'K' or 'M' or 'G' && value[0] is >= '1' and <= '9' && value[..^1].All(char.IsAsciiDigit);

    private static string Describe(KeyParamSpec parameters) =>
        string.Create(CultureInfo.InvariantCulture, $"size={parameters.Size?.ToString(CultureInfo.InvariantCulture) ?? "none"}, curve={parameters.Curve ?? "none"}");

    private static string? Invariant(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static void Require(bool condition, string code, string field, string? value, string expected)
    {
        if (!condition)
        {
            Fail(code, $"{field} is {(value is null ? "null" : "'" + value + "'")}; expected {expected}.");
        }
    }

    private static void Fail(string code, string message) => throw new EnclaveManifestException(code, message);
}
