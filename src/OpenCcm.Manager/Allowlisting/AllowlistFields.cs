using OpenCcm.Manager.Http;

namespace OpenCcm.Manager.Allowlisting;

/// <summary>Checks shared by apps and builds: names, free text and the SGX/sizing numbers.</summary>
internal static class AllowlistFields
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4096;
    public const int MaxImageNameLength = 512;
    public const long MaxMemSize = 1L << 40;

    /// <summary>A trimmed name of 1..200 characters without control characters, or the empty string (reported).</summary>
    public static string Name(string? value, string field, RequestValidation validation)
    {
        var name = value?.Trim() ?? string.Empty;
        validation.Require(name.Length is > 0 and <= MaxNameLength && !name.Any(char.IsControl),
            $"{field} must have 1 to {MaxNameLength} characters without control characters.");
        return name;
    }

    /// <summary>Optional text: absent, or at most <paramref name="maxLength"/> characters.</summary>
    public static void Text(string? value, string field, int maxLength, RequestValidation validation) =>
        validation.Require(value is null || (value.Length <= maxLength && !value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))),
            $"{field} must have at most {maxLength} characters without control characters.");

    /// <summary>ISVPRODID and ISVSVN are 16-bit (SGX SIGSTRUCT, Intel SDM Vol. 3D Table 38-19); sizes are positive.</summary>
    public static void Numbers(int? isvprodid, int? isvsvn, long? memSize, int? threads, RequestValidation validation) =>
        validation
            .Require(isvprodid is null or >= 0 and <= ushort.MaxValue, "isvprodid must be 0..65535.")
            .Require(isvsvn is null or >= 0 and <= ushort.MaxValue, "isvsvn must be 0..65535.")
            .Require(memSize is null or > 0 and <= MaxMemSize, "mem_size must be positive.")
            .Require(threads is null or > 0 and <= ushort.MaxValue, "threads must be 1..65535.");
}
