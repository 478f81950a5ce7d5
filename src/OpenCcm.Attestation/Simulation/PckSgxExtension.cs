using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace OpenCcm.Attestation.Simulation;

/// <summary>SGX Type of the PCK extension (.5): the platform's memory protection.</summary>
internal enum PckSgxType
{
    Standard = 0,
    Scalable = 1,
    ScalableWithIntegrity = 2,
}

/// <summary>The platform facts a PCK certificate states in Intel's SGX extension (evidence-formats.md §3).</summary>
internal sealed record PckPlatformTcb(
    byte[] Ppid,
    byte[] TcbComponents,
    ushort PceSvn,
    byte[] PceId,
    byte[] Fmspc,
    PckSgxType SgxType,
    byte[] PlatformInstanceId,
    bool DynamicPlatform,
    bool CachedKeys,
    bool SmtEnabled);

/// <summary>
/// Writes Intel's SGX extension (OID 1.2.840.113741.1.13.1, non-critical) exactly as a PCK Platform CA issues it:
/// <c>SEQUENCE OF SEQUENCE { OID, value }</c> with PPID (.1), TCB (.2: comp01..16 INTEGER, PCESVN INTEGER, CPUSVN
/// OCTET STRING), PCE-ID (.3), FMSPC (.4), SGX type (.5, ENUMERATED), PlatformInstanceID (.6) and Configuration (.7).
/// </summary>
internal static class PckSgxExtension
{
    public const string Oid = "1.2.840.113741.1.13.1";

    public static X509Extension Create(PckPlatformTcb tcb)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteOctets(writer, Oid + ".1", tcb.Ppid);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oid + ".2");
                using (writer.PushSequence())
                {
                    for (var i = 0; i < 16; i++)
                    {
                        WriteInteger(writer, $"{Oid}.2.{i + 1}", tcb.TcbComponents[i]);
                    }

                    WriteInteger(writer, Oid + ".2.17", tcb.PceSvn);
                    WriteOctets(writer, Oid + ".2.18", tcb.TcbComponents);
                }
            }

            WriteOctets(writer, Oid + ".3", tcb.PceId);
            WriteOctets(writer, Oid + ".4", tcb.Fmspc);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oid + ".5");
                writer.WriteEnumeratedValue(tcb.SgxType);
            }

            WriteOctets(writer, Oid + ".6", tcb.PlatformInstanceId);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oid + ".7");
                using (writer.PushSequence())
                {
                    WriteBoolean(writer, Oid + ".7.1", tcb.DynamicPlatform);
                    WriteBoolean(writer, Oid + ".7.2", tcb.CachedKeys);
                    WriteBoolean(writer, Oid + ".7.3", tcb.SmtEnabled);
                }
            }
        }

        return new X509Extension(Oid, writer.Encode(), critical: false);
    }

    private static void WriteOctets(AsnWriter writer, string oid, byte[] value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteOctetString(value);
        }
    }

    private static void WriteInteger(AsnWriter writer, string oid, long value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteInteger(value);
        }
    }

    private static void WriteBoolean(AsnWriter writer, string oid, bool value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteBoolean(value);
        }
    }
}
