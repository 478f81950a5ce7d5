using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Pki.Authority;

internal static class CaTime
{
    /// <summary>X.509 times have whole seconds; truncating first keeps what we compare equal to what is encoded.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>X509Certificate2 reports validity in local time; everything here is UTC.</summary>
    public static DateTimeOffset NotBefore(X509Certificate2 certificate) => new DateTimeOffset(certificate.NotBefore).ToUniversalTime();

    public static DateTimeOffset NotAfter(X509Certificate2 certificate) => new DateTimeOffset(certificate.NotAfter).ToUniversalTime();
}
