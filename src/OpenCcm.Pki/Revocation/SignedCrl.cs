using System.Numerics;
using System.Security.Cryptography;

namespace OpenCcm.Pki.Revocation;

/// <summary>A DER X.509 v2 CRL signed by the zone's intermediate.</summary>
public sealed class SignedCrl
{
    internal SignedCrl(byte[] der, BigInteger number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, int entryCount)
    {
        Der = der;
        Number = number;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        EntryCount = entryCount;
    }

    public byte[] Der { get; }

    public string Pem => PemEncoding.WriteString("X509 CRL", Der) + "\n";

    public BigInteger Number { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset NextUpdate { get; }

    public int EntryCount { get; }
}
