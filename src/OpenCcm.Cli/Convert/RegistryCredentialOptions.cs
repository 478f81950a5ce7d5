using OpenCcm.Oci;
using OpenCcm.Oci.Registry;

namespace OpenCcm.Cli.ImageConversion;

/// <summary>
/// Credentials of one side of <c>ccm convert</c>: <c>--src-creds</c>/<c>--dest-creds USER[:PASSWORD]</c> (the password from
/// <c>CCM_REGISTRY_PASSWORD</c> when only USER is given), else the Docker config file's entry for the registry host.
/// </summary>
internal static class RegistryCredentialOptions
{
    public const string PasswordVariable = "CCM_REGISTRY_PASSWORD";

    public static RegistryClientOptions For(ImageReference image, string? flag, string flagName, DockerConfig dockerConfig, IEnumerable<string> insecure)
    {
        var options = new RegistryClientOptions();
        foreach (var host in insecure)
        {
            options.InsecureRegistries.Add(host);
        }

        if (image.Kind != ImageReferenceKind.Registry)
        {
            return options;
        }

        var explicitCredentials = flag is null ? null : Parse(flag, flagName);
        options.Credentials = host => explicitCredentials is not null && string.Equals(host, image.Registry, StringComparison.OrdinalIgnoreCase)
            ? explicitCredentials
            : dockerConfig.Find(host);
        return options;
    }

    private static RegistryCredentials Parse(string value, string flagName)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var user = colon >= 0 ? value[..colon] : value;
        var password = colon >= 0 ? value[(colon + 1)..] : Environment.GetEnvironmentVariable(PasswordVariable);
        if (user.Length == 0 || string.IsNullOrEmpty(password))
        {
            throw new UsageException($"{flagName} wants USER:PASSWORD, or USER with the password in ${PasswordVariable}.");
        }

        return new RegistryCredentials(user, password);
    }
}
