using System.Text.Json.Serialization;

namespace OpenCcm.Core.Models;

/// <summary>What a bearer token was made for.</summary>
public enum ApiTokenKind
{
    /// <summary>A long-lived token a user created for automation.</summary>
    [JsonStringEnumMemberName("API")]
    Api,

    /// <summary>A login session's <c>access_token</c> (POST /v1/sys/auth).</summary>
    [JsonStringEnumMemberName("SESSION")]
    Session,
}
