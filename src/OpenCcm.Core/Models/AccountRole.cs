using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>A user's role in one account (Fortanix <c>roles[]</c>; UI names in parentheses).</summary>
public enum AccountRole
{
    /// <summary>Reads everything in the account (Viewer).</summary>
    [JsonStringEnumMemberName("READER")]
    Reader,

    /// <summary>Creates and changes apps, builds and nodes; approves tasks (Editor).</summary>
    [JsonStringEnumMemberName("WRITER")]
    Writer,

    /// <summary>Everything a writer does, plus users, zones and account settings (Administrator).</summary>
    [JsonStringEnumMemberName("MANAGER")]
    Manager,
}
