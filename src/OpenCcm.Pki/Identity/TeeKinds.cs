namespace OpenCcm.Pki.Identity;

/// <summary>The TEE kinds an attested identity may name (lowercase, as in the manager's API).</summary>
public static class TeeKinds
{
    public const string Sgx = "sgx";
    public const string Tdx = "tdx";
    public const string Snp = "snp";
    public const string Nitro = "nitro";

    public static IReadOnlyList<string> All { get; } = [Sgx, Tdx, Snp, Nitro];

    public static bool IsKnown(string? kind) => kind is Sgx or Tdx or Snp or Nitro;
}
