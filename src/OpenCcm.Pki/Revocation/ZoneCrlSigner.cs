using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Pki.Revocation;

/// <summary>Builds the zone CRL with the platform's CertificateRevocationListBuilder (RFC 5280 §5).</summary>
internal static class ZoneCrlSigner
{
    /// <summary>RFC 5280 §5.2.3: a CRL number fits in 20 octets; so does a serial (§4.1.2.2).</summary>
    private const int MaxOctets = 20;

    public static SignedCrl Sign(
        X509Certificate2 issuer, X509SignatureGenerator signer, HashAlgorithmName hash, IEnumerable<RevokedCertificate> revoked,
        BigInteger crlNumber, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        if (crlNumber.Sign < 0 || crlNumber.GetByteCount() > MaxOctets)
        {
            throw Invalid("a CRL number is a non-negative integer of at most 20 octets");
        }

        if (lifetime <= TimeSpan.Zero)
        {
            throw new PkiException(PkiErrorCode.LifetimeInvalid, "A CRL lifetime must be positive.");
        }

        var builder = new CertificateRevocationListBuilder();
        var count = 0;
        foreach (var entry in revoked)
        {
            ArgumentNullException.ThrowIfNull(entry);
            try
            {
                builder.AddEntry(SerialBytes(entry.SerialNumber), entry.RevokedAt, entry.Reason);
            }
            catch (ArgumentException e)
            {
                throw Invalid($"entry {entry.SerialNumber}: {e.Message}", e);
            }

            count++;
        }

        var nextUpdate = now + lifetime;
        var authorityKeyId = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false);
        var der = builder.Build(issuer.SubjectName, signer, crlNumber, nextUpdate, hash, authorityKeyId, now);
        return new SignedCrl(der, crlNumber, now, nextUpdate, count);
    }

    /// <summary>
    /// The hex is the serial's DER INTEGER content (as X509Certificate2.SerialNumberBytes): positive and minimal,
    /// at most 20 octets. Anything else could never match a certificate, so it is refused rather than listed.
    /// </summary>
    private static byte[] SerialBytes(string? hex)
    {
        if (string.IsNullOrEmpty(hex) || hex.Length % 2 != 0 || hex.Length > 2 * MaxOctets || !hex.All(char.IsAsciiHexDigit))
        {
            throw Invalid($"serial number '{hex}' is not hex of 1 to {MaxOctets} octets");
        }

        var bytes = Convert.FromHexString(hex);
        var negative = (bytes[0] & 0x80) != 0;
        var notMinimal = bytes.Length > 1 && bytes[0] == 0 && (bytes[1] & 0x80) == 0;
        var zero = bytes.Length == 1 && bytes[0] == 0;
        return negative || notMinimal || zero
            ? throw Invalid($"serial number '{hex}' is not a positive integer in minimal big-endian form")
            : bytes;
    }

    private static PkiException Invalid(string reason, Exception? inner = null) =>
        new(PkiErrorCode.RevocationInvalid, string.Create(CultureInfo.InvariantCulture, $"Revocation input invalid: {reason}."), inner);
}
