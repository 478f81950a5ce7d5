namespace OpenCcm.Runtime.Certificates;

/// <summary>
/// When to renew a certificate: when less than the renewal window remains. The window is the manifest's
/// <c>renewBeforeSeconds</c> when it is shorter than the lifetime, else a third of the lifetime; without it, 10 days
/// (the reference runtime's figure, fortanix-ccm.md §2.4) or a third of the lifetime if that is shorter.
/// </summary>
public static class RenewalPolicy
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(10);

    public static TimeSpan Window(DateTimeOffset notBefore, DateTimeOffset notAfter, long? renewBeforeSeconds)
    {
        var lifetime = notAfter - notBefore;
        if (lifetime <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var third = lifetime / 3;
        if (renewBeforeSeconds is > 0)
        {
            var configured = TimeSpan.FromSeconds(renewBeforeSeconds.Value);
            return configured < lifetime ? configured : third;
        }

        return DefaultWindow < third ? DefaultWindow : third;
    }

    public static DateTimeOffset RenewAt(DateTimeOffset notBefore, DateTimeOffset notAfter, long? renewBeforeSeconds) =>
        notAfter - Window(notBefore, notAfter, renewBeforeSeconds);
}
