using System.Security.Cryptography;

namespace OpenCcm.Attestation.Sgx;

/// <summary>Loads and checks the RSA key that signs SIGSTRUCTs: 3072 bits, public exponent 3 (SDM EINIT).</summary>
public static class SigstructSigningKey
{
    /// <summary>Generates a new key (see <see cref="RsaExponent3KeyGenerator"/>).</summary>
    public static RSA Generate() => RsaExponent3KeyGenerator.Generate();

    /// <summary>
    /// Loads a private key from PEM (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY"; text around the block is
    /// ignored) and refuses it unless it is RSA-3072 with e = 3.
    /// </summary>
    /// <exception cref="ArgumentException">No usable private key, or not RSA-3072 e = 3.</exception>
    public static RSA FromPem(ReadOnlySpan<char> pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new ArgumentException("No PEM block found.", nameof(pem));
        }

        var label = pem[fields.Label];
        if (!label.SequenceEqual("RSA PRIVATE KEY") && !label.SequenceEqual("PRIVATE KEY"))
        {
            throw new ArgumentException($"Expected an unencrypted RSA private key (PKCS#1 or PKCS#8), found '{label}'.", nameof(pem));
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem[fields.Location]);
            Validate(rsa);
            return rsa;
        }
        catch (CryptographicException e)
        {
            rsa.Dispose();
            throw new ArgumentException("The PEM block is not a valid RSA private key: " + e.Message, nameof(pem), e);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>Throws unless <paramref name="key"/> is 3072 bits with public exponent 3.</summary>
    /// <exception cref="ArgumentException">The key cannot sign a SIGSTRUCT.</exception>
    public static void Validate(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != RsaExponent3KeyGenerator.KeySizeBits)
        {
            throw new ArgumentException($"A SIGSTRUCT key must be RSA-3072; this one has {key.KeySize} bits.", nameof(key));
        }

        var exponent = key.ExportParameters(false).Exponent.AsSpan().TrimStart((byte)0);
        if (exponent.Length != 1 || exponent[0] != SigstructRsa.PublicExponent)
        {
            throw new ArgumentException($"A SIGSTRUCT key must have public exponent 3; this one has 0x{Convert.ToHexString(exponent)}.", nameof(key));
        }
    }
}
