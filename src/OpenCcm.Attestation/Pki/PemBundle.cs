using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OpenCcm.Attestation.Pki;

/// <summary>Reads PEM blocks (certificates, CRLs) from untrusted bytes, using the platform's PEM decoder.</summary>
public static class PemBundle
{
    public const string CertificateLabel = "CERTIFICATE";
    public const string CrlLabel = "X509 CRL";

    /// <summary>
    /// Decodes every PEM block in <paramref name="data"/>, in order. URL-encoded PEM (as Intel and IAS send it in
    /// HTTP headers) is decoded first. Text outside blocks (such as a trailing NUL) is ignored.
    /// </summary>
    public static IReadOnlyList<(string Label, byte[] Der)> ReadBlocks(ReadOnlySpan<byte> data)
    {
        var text = Encoding.ASCII.GetString(data);
        if (text.Contains("-----BEGIN%20", StringComparison.Ordinal))
        {
            text = Uri.UnescapeDataString(text);
        }

        var blocks = new List<(string, byte[])>();
        var remaining = text.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            var label = remaining[fields.Label].ToString();
            var der = new byte[fields.DecodedDataLength];
            if (!Convert.TryFromBase64Chars(remaining[fields.Base64Data], der, out var written))
            {
                throw new EvidenceFormatException(FindingCodes.CertificationDataInvalid, $"PEM block '{label}' has invalid base64.");
            }

            blocks.Add((label, der[..written]));
            remaining = remaining[fields.Location.End..];
        }

        return blocks;
    }

    /// <summary>Loads every certificate of a PEM bundle; throws <see cref="EvidenceFormatException"/> on a bad one.</summary>
    public static IReadOnlyList<X509Certificate2> ReadCertificates(ReadOnlySpan<byte> data, string code = FindingCodes.CertificationDataInvalid)
    {
        var certificates = new List<X509Certificate2>();
        foreach (var (label, der) in ReadBlocks(data))
        {
            if (label != CertificateLabel)
            {
                continue;
            }

            certificates.Add(LoadCertificate(der, code));
        }

        return certificates;
    }

    public static X509Certificate2 LoadCertificate(byte[] der, string code = FindingCodes.CertificationDataInvalid)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadCertificate(der);
            // The platform decodes some fields lazily: touch them now so a malformed field is a format error here,
            // not an exception deep inside a verifier.
            _ = certificate.NotBefore;
            _ = certificate.NotAfter;
            _ = certificate.Extensions.Count;
            _ = certificate.PublicKey.Oid;
            _ = certificate.SubjectName.Name;
            _ = certificate.IssuerName.Name;
            return certificate;
        }
        catch (CryptographicException e)
        {
            throw new EvidenceFormatException(code, "Not a valid X.509 certificate: " + e.Message);
        }
    }
}
