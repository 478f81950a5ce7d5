using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Intel;

/// <summary>
/// Intel's SGX extensions of a PCK certificate (OID 1.2.840.113741.1.13.1; evidence-formats.md §3; Intel SGX PCK
/// Certificate and CRL Profile). The TCB components here, not the quote's CPUSVN, select the TCB level.
/// </summary>
public sealed class PckCertificateExtensions
{
    public const string SgxExtensionsOid = "1.2.840.113741.1.13.1";
    private const string PpidOid = SgxExtensionsOid + ".1";
    private const string TcbOid = SgxExtensionsOid + ".2";
    private const string PceIdOid = SgxExtensionsOid + ".3";
    private const string FmspcOid = SgxExtensionsOid + ".4";
    private const string SgxTypeOid = SgxExtensionsOid + ".5";
    private const string PlatformInstanceIdOid = SgxExtensionsOid + ".6";
    private const string ConfigurationOid = SgxExtensionsOid + ".7";

    public required byte[] Ppid { get; init; }

    /// <summary>SGX TCB components 1..16.</summary>
    public required byte[] TcbComponents { get; init; }

    public required ushort PceSvn { get; init; }

    public required byte[] CpuSvn { get; init; }

    public required byte[] PceId { get; init; }

    public required byte[] Fmspc { get; init; }

    /// <summary>0 Standard, 1 Scalable, 2 Scalable with integrity.</summary>
    public required int SgxType { get; init; }

    /// <summary>Platform CA certificates only.</summary>
    public byte[]? PlatformInstanceId { get; init; }

    /// <summary>Platform CA certificates only: dynamicPlatform, cachedKeys, smtEnabled.</summary>
    public IReadOnlyDictionary<string, bool>? Configuration { get; init; }

    /// <summary>Reads the extension from a PCK certificate; throws <see cref="EvidenceFormatException"/> when absent or malformed.</summary>
    public static PckCertificateExtensions Read(X509Certificate2 pck)
    {
        var extension = pck.Extensions[SgxExtensionsOid]
            ?? throw new EvidenceFormatException(FindingCodes.PckExtensionsInvalid, "The PCK certificate has no Intel SGX extensions.");
        try
        {
            return Parse(extension.RawData);
        }
        catch (AsnContentException e)
        {
            throw new EvidenceFormatException(FindingCodes.PckExtensionsInvalid, "The PCK certificate's SGX extensions are malformed: " + e.Message);
        }
    }

    private static PckCertificateExtensions Parse(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var items = reader.ReadSequence();
        reader.ThrowIfNotEmpty();

        byte[]? ppid = null, cpuSvn = null, pceId = null, fmspc = null, instance = null;
        var components = new byte[16];
        var seen = 0;
        int? pceSvn = null, sgxType = null;
        Dictionary<string, bool>? configuration = null;
        while (items.HasData)
        {
            var item = items.ReadSequence();
            var oid = item.ReadObjectIdentifier();
            switch (oid)
            {
                case PpidOid: ppid = Octets(item, 16); break;
                case PceIdOid: pceId = Octets(item, 2); break;
                case FmspcOid: fmspc = Octets(item, 6); break;
                case SgxTypeOid: sgxType = ReadSmall(item, 2, enumerated: true); break;
                case PlatformInstanceIdOid: instance = Octets(item, 16); break;
                case ConfigurationOid: configuration = ReadConfiguration(item.ReadSequence()); break;
                case TcbOid:
                    var tcb = item.ReadSequence();
                    while (tcb.HasData)
                    {
                        var component = tcb.ReadSequence();
                        var componentOid = component.ReadObjectIdentifier();
                        var index = 0;
                        if (!componentOid.StartsWith(TcbOid + ".", StringComparison.Ordinal)
                            || !int.TryParse(componentOid.AsSpan(TcbOid.Length + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index))
                        {
                            throw new AsnContentException($"Unexpected TCB component {componentOid}.");
                        }

                        if (index is >= 1 and <= 16)
                        {
                            components[index - 1] = (byte)ReadSmall(component, 255, enumerated: false);
                            seen |= 1 << (index - 1);
                        }
                        else if (index == 17)
                        {
                            pceSvn = ReadSmall(component, 65535, enumerated: false);
                        }
                        else if (index == 18)
                        {
                            cpuSvn = Octets(component, 16);
                        }
                        else
                        {
                            component.ReadEncodedValue();
                        }

                        component.ThrowIfNotEmpty();
                    }

                    break;
                default:
                    item.ReadEncodedValue();
                    break;
            }

            item.ThrowIfNotEmpty();
        }

        if (ppid is null || pceId is null || fmspc is null || sgxType is null || pceSvn is null || cpuSvn is null || seen != 0xFFFF)
        {
            throw new EvidenceFormatException(
                FindingCodes.PckExtensionsInvalid, "The PCK certificate's SGX extensions lack a required field (PPID, TCB, PCE-ID, FMSPC or SGX type).");
        }

        return new PckCertificateExtensions
        {
            Ppid = ppid, TcbComponents = components, PceSvn = (ushort)pceSvn, CpuSvn = cpuSvn, PceId = pceId, Fmspc = fmspc,
            SgxType = sgxType.Value, PlatformInstanceId = instance, Configuration = configuration,
        };
    }

    private static byte[] Octets(AsnReader reader, int size)
    {
        var value = reader.ReadOctetString();
        if (value.Length != size)
        {
            throw new AsnContentException($"Expected {size} bytes, got {value.Length}.");
        }

        return value;
    }

    private static int ReadSmall(AsnReader reader, int max, bool enumerated)
    {
        var value = enumerated ? reader.ReadEnumeratedBytes().Span : reader.ReadIntegerBytes().Span;
        var number = new System.Numerics.BigInteger(value, isUnsigned: false, isBigEndian: true);
        if (number < 0 || number > max)
        {
            throw new AsnContentException($"Value {number} is outside 0..{max}.");
        }

        return (int)number;
    }

    private static Dictionary<string, bool> ReadConfiguration(AsnReader sequence)
    {
        var names = new Dictionary<string, string>
        {
            [ConfigurationOid + ".1"] = "dynamicPlatform",
            [ConfigurationOid + ".2"] = "cachedKeys",
            [ConfigurationOid + ".3"] = "smtEnabled",
        };
        var values = new Dictionary<string, bool>();
        while (sequence.HasData)
        {
            var item = sequence.ReadSequence();
            var oid = item.ReadObjectIdentifier();
            var value = item.ReadBoolean();
            if (names.TryGetValue(oid, out var name))
            {
                values[name] = value;
            }
        }

        return values;
    }
}
