using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.AgentProtocol;

/// <summary>
/// The subject of a Fortanix attested CSR: CN, then one RDN per SGX component (reference/fortanix-ccm.md §2.4 step 3),
/// each value a BIT STRING with no unused bits (DER: 03 len 00 bytes…, the "leading 0x00").
/// </summary>
public static class AttestedSubject
{
    private static readonly (string Oid, int Length)[] Components =
    [
        (FortanixOids.CpuSvn, 16), (FortanixOids.MiscSelect, 4), (FortanixOids.Attributes, 16), (FortanixOids.MrEnclave, 32),
        (FortanixOids.MrSigner, 32), (FortanixOids.IsvProdId, 2), (FortanixOids.IsvSvn, 2), (FortanixOids.ReportData, 64),
    ];

    /// <summary>CN=<paramref name="commonName"/> followed, when <paramref name="identity"/> is given, by its eight components.</summary>
    public static X500DistinguishedName Build(string commonName, SgxSubjectIdentity? identity)
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteRdn(writer, FortanixOids.CommonName, w => w.WriteCharacterString(UniversalTagNumber.UTF8String, commonName));
            if (identity is not null)
            {
                var values = ComponentBytes(identity);
                for (var i = 0; i < Components.Length; i++)
                {
                    var value = values[i];
                    WriteRdn(writer, Components[i].Oid, w => w.WriteBitString(value));
                }
            }
        }

        return new X500DistinguishedName(writer.Encode());
    }

    /// <summary>
    /// Reads CN and the SGX components of <paramref name="subject"/>. Identity is null when no component is present;
    /// a partial set, a wrong length or unused bits throw <see cref="AttestationCsrException"/> (<see cref="AgentErrorCodes.CsrInvalid"/>).
    /// Other attributes are skipped.
    /// </summary>
    public static (string? CommonName, SgxSubjectIdentity? Identity) Parse(X500DistinguishedName subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        string? commonName = null;
        var found = new byte[Components.Length][];
        try
        {
            var rdns = new AsnReader(subject.RawData, AsnEncodingRules.DER).ReadSequence();
            while (rdns.HasData)
            {
                var set = rdns.ReadSetOf();
                while (set.HasData)
                {
                    var pair = set.ReadSequence();
                    var oid = pair.ReadObjectIdentifier();
                    var index = Array.FindIndex(Components, c => c.Oid == oid);
                    if (oid == FortanixOids.CommonName)
                    {
                        commonName = ReadDirectoryString(pair);
                    }
                    else if (index >= 0)
                    {
                        found[index] = ReadComponent(pair, oid, Components[index].Length);
                    }
                    else
                    {
                        pair.ReadEncodedValue();
                    }

                    pair.ThrowIfNotEmpty();
                }
            }
        }
        catch (AsnContentException e)
        {
            throw new AttestationCsrException(AgentErrorCodes.CsrInvalid, $"The subject name is not valid DER: {e.Message}", e);
        }

        var present = found.Count(f => f is not null);
        if (present == 0)
        {
            return (commonName, null);
        }

        if (present != Components.Length)
        {
            throw new AttestationCsrException(
                AgentErrorCodes.CsrInvalid, $"The subject carries {present} of the {Components.Length} SGX identity components; all or none are expected.");
        }

        var identity = new SgxSubjectIdentity(
            found[0], BinaryPrimitives.ReadUInt32LittleEndian(found[1]), found[2], found[3], found[4],
            BinaryPrimitives.ReadUInt16LittleEndian(found[5]), BinaryPrimitives.ReadUInt16LittleEndian(found[6]), found[7]);
        return (commonName, identity);
    }

    private static byte[][] ComponentBytes(SgxSubjectIdentity identity)
    {
        var miscSelect = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(miscSelect, identity.MiscSelect);
        var isvProdId = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(isvProdId, identity.IsvProdId);
        var isvSvn = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(isvSvn, identity.IsvSvn);
        byte[][] values =
        [
            identity.CpuSvn.ToArray(), miscSelect, identity.Attributes.ToArray(), identity.MrEnclave.ToArray(), identity.MrSigner.ToArray(),
            isvProdId, isvSvn, identity.ReportData.ToArray(),
        ];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Length != Components[i].Length)
            {
                throw new ArgumentException($"SGX component {Components[i].Oid} is {Components[i].Length} bytes, got {values[i].Length}.", nameof(identity));
            }
        }

        return values;
    }

    private static void WriteRdn(AsnWriter writer, string oid, Action<AsnWriter> writeValue)
    {
        using (writer.PushSetOf())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writeValue(writer);
        }
    }

    private static byte[] ReadComponent(AsnReader pair, string oid, int length)
    {
        var value = pair.ReadBitString(out var unusedBits);
        if (unusedBits != 0 || value.Length != length)
        {
            throw new AttestationCsrException(
                AgentErrorCodes.CsrInvalid, $"SGX component {oid} must be a BIT STRING of {length} bytes with no unused bits; got {value.Length} bytes, {unusedBits} unused bits.");
        }

        return value;
    }

    private static string ReadDirectoryString(AsnReader pair)
    {
        var tag = pair.PeekTag();
        if (tag.TagClass != TagClass.Universal)
        {
            throw new AttestationCsrException(AgentErrorCodes.CsrInvalid, "The CN is not a directory string.");
        }

        return (UniversalTagNumber)tag.TagValue switch
        {
            UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String or UniversalTagNumber.BMPString
                or UniversalTagNumber.T61String => pair.ReadCharacterString((UniversalTagNumber)tag.TagValue),
            _ => throw new AttestationCsrException(AgentErrorCodes.CsrInvalid, $"The CN is of ASN.1 type {tag.TagValue}, not a directory string."),
        };
    }
}
