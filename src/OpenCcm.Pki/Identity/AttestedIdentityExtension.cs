using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Attestation;

namespace OpenCcm.Pki.Identity;

/// <summary>
/// The non-critical certificate extension <see cref="OpenCcmOids.WorkloadIdentity"/> that carries an
/// <see cref="AttestedIdentity"/> (DER layout in src/OpenCcm.Pki/README.md). Decoding is strict DER: any
/// deviation, unknown version or trailing byte is <see cref="PkiErrorCode.IdentityInvalid"/>.
/// </summary>
public static class AttestedIdentityExtension
{
    public const string Oid = OpenCcmOids.WorkloadIdentity;

    /// <summary>The only layout version so far; a new layout gets a new number, never a silent reinterpretation.</summary>
    public const int Version = 1;

    private static readonly Asn1Tag SignerTag = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag ProductIdTag = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag SvnTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag PlatformIdTag = new(TagClass.ContextSpecific, 3);

    /// <summary>The extension for <paramref name="identity"/>, after validating it.</summary>
    public static X509Extension Create(AttestedIdentity identity) => new(Oid, Encode(identity), critical: false);

    /// <summary>The DER value of the extension.</summary>
    public static byte[] Encode(AttestedIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        identity.Validate();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(Version);
            writer.WriteEnumeratedValue(identity.Subject);
            writer.WriteCharacterString(UniversalTagNumber.UTF8String, identity.TeeKind);
            writer.WriteOctetString(identity.Measurement);
            if (identity.Signer is { } signer)
            {
                writer.WriteOctetString(signer, SignerTag);
            }

            if (identity.ProductId is { } productId)
            {
                writer.WriteInteger(productId, ProductIdTag);
            }

            if (identity.SecurityVersion is { } svn)
            {
                writer.WriteInteger(svn, SvnTag);
            }

            if (identity.PlatformId is { } platformId)
            {
                writer.WriteOctetString(platformId, PlatformIdTag);
            }

            writer.WriteCharacterString(UniversalTagNumber.UTF8String, identity.NodeId);
            writer.WriteBoolean(identity.Simulated);
        }

        return writer.Encode();
    }

    /// <summary>Decodes and validates a DER value; throws <see cref="PkiException"/> (IdentityInvalid) otherwise.</summary>
    public static AttestedIdentity Decode(ReadOnlySpan<byte> der)
    {
        try
        {
            var outer = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            if (!sequence.TryReadInt32(out var version) || version != Version)
            {
                throw AttestedIdentity.Invalid("unsupported extension version");
            }

            var identity = new AttestedIdentity
            {
                Subject = sequence.ReadEnumeratedValue<IdentitySubject>(),
                TeeKind = sequence.ReadCharacterString(UniversalTagNumber.UTF8String),
                Measurement = sequence.ReadOctetString(),
                Signer = ReadOptionalOctetString(sequence, SignerTag),
                ProductId = ReadOptionalInteger(sequence, ProductIdTag),
                SecurityVersion = ReadOptionalInteger(sequence, SvnTag),
                PlatformId = ReadOptionalOctetString(sequence, PlatformIdTag),
                NodeId = sequence.ReadCharacterString(UniversalTagNumber.UTF8String),
                Simulated = sequence.ReadBoolean(),
            };
            sequence.ThrowIfNotEmpty();
            identity.Validate();
            return identity;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException)
        {
            throw new PkiException(PkiErrorCode.IdentityInvalid, "Attested identity extension is not valid DER: " + e.Message, e);
        }
    }

    /// <summary>
    /// The identity a certificate carries, or null when it has no such extension. Throws <see cref="PkiException"/>
    /// when the extension is present but malformed, duplicated, or marked critical (we define it non-critical).
    /// </summary>
    public static AttestedIdentity? Read(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        X509Extension? found = null;
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != Oid)
            {
                continue;
            }

            if (found is not null)
            {
                throw AttestedIdentity.Invalid("the certificate carries the extension twice");
            }

            found = extension;
        }

        if (found is null)
        {
            return null;
        }

        return found.Critical ? throw AttestedIdentity.Invalid("the extension is marked critical") : Decode(found.RawData);
    }

    private static byte[]? ReadOptionalOctetString(AsnReader reader, Asn1Tag tag) =>
        reader.HasData && reader.PeekTag().HasSameClassAndValue(tag) ? reader.ReadOctetString(tag) : null;

    private static long? ReadOptionalInteger(AsnReader reader, Asn1Tag tag)
    {
        if (!reader.HasData || !reader.PeekTag().HasSameClassAndValue(tag))
        {
            return null;
        }

        return reader.TryReadInt64(out var value, tag) ? value : throw AttestedIdentity.Invalid("an integer field is out of range");
    }
}
