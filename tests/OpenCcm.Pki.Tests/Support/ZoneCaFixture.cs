using OpenCcm.Pki.Authority;

namespace OpenCcm.Pki.Tests.Support;

/// <summary>
/// One ECDSA and one RSA zone CA shared by a test class (RSA-3072 key generation takes a noticeable fraction of a
/// second), on a clock the tests may read but must not move.
/// </summary>
public sealed class ZoneCaFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public const string Account = "5b0d4c1e-7a2f-4e3b-9c8d-aabbccddeeff";
    public const string Zone = "0e9f8d7c-6b5a-4938-8271-605f4e3d2c1b";

    internal FixedTimeProvider Clock { get; } = new(Start);

    public ZoneCertificateAuthority Ecdsa { get; }

    public ZoneCertificateAuthority Rsa { get; }

    public ZoneCaFixture()
    {
        Ecdsa = ZoneCertificateAuthority.Create(Account, Zone, timeProvider: Clock);
        Rsa = ZoneCertificateAuthority.Create(Account, Zone, new ZoneCaOptions { KeyAlgorithm = CaKeyAlgorithm.Rsa }, Clock);
    }

    public ZoneCertificateAuthority For(CaKeyAlgorithm algorithm) => algorithm == CaKeyAlgorithm.Rsa ? Rsa : Ecdsa;

    public void Dispose()
    {
        Ecdsa.Dispose();
        Rsa.Dispose();
    }
}
