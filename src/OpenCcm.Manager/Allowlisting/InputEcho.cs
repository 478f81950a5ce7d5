namespace OpenCcm.Manager.Allowlisting;

/// <summary>Echoes client input in error messages without letting a huge value through.</summary>
internal static class InputEcho
{
    public static string Shorten(string? value) =>
        value is null ? "null" : value.Length <= 80 ? value : value[..80] + "...";
}
