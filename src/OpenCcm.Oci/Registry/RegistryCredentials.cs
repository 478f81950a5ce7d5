namespace OpenCcm.Oci.Registry;

/// <summary>A user name and password (or token) sent as HTTP Basic to a registry or its token endpoint.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    public override string ToString() => $"{Username}:***";
}
