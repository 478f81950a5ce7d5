using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Pki.Authority;
using OpenCcm.Pki.Sealing;
using PkiZoneCa = OpenCcm.Pki.Authority.ZoneCertificateAuthority;

namespace OpenCcm.Manager.Zones;

/// <summary>
/// The zones' CAs, unsealed once and kept for the life of the process (a singleton; thread-safe). Only the issuing
/// intermediate's key is unsealed: it signs node and workload certificates and the CRL, while the root key stays
/// sealed in the store. An entry is reloaded if the zone's issuing key reference changes.
/// </summary>
internal sealed class ZoneAuthorities(SecretSealer sealer, TimeProvider time, Hosting.ManagerOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Entry> _loaded = new();
    private readonly ConcurrentBag<PkiZoneCa> _retired = [];
    private readonly SemaphoreSlim _loading = new(1, 1);

    /// <summary>The unsealed CA of <paramref name="zone"/>; <see cref="Pki.PkiException"/> when its sealed material does not open.</summary>
    /// <exception cref="InvalidOperationException">The zone's sealed issuing key is missing from the store.</exception>
    public async ValueTask<PkiZoneCa> GetAsync(Zone zone, ISealedSecretStore secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (_loaded.TryGetValue(zone.Id, out var cached) && cached.IssuingKeySecretId == zone.CertificateAuthority.IssuingKeySecretId)
        {
            return cached.Authority;
        }

        // Unsealing is rare (once per zone per process): one at a time keeps two requests from unsealing the same key.
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded.TryGetValue(zone.Id, out cached))
            {
                if (cached.IssuingKeySecretId == zone.CertificateAuthority.IssuingKeySecretId)
                {
                    return cached.Authority;
                }

                // Still possibly in use by a request: disposed at shutdown, not now.
                _retired.Add(cached.Authority);
            }

            var authority = await UnsealAsync(zone, secrets, cancellationToken);
            _loaded[zone.Id] = new Entry(zone.CertificateAuthority.IssuingKeySecretId, authority);
            return authority;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose()
    {
        foreach (var entry in _loaded.Values)
        {
            entry.Authority.Dispose();
        }

        foreach (var authority in _retired)
        {
            authority.Dispose();
        }

        _loaded.Clear();
        _loading.Dispose();
    }

    private async Task<PkiZoneCa> UnsealAsync(Zone zone, ISealedSecretStore secrets, CancellationToken cancellationToken)
    {
        var issuingKey = await secrets.GetAsync(zone.CertificateAuthority.IssuingKeySecretId, cancellationToken)
            ?? throw new InvalidOperationException($"The sealed issuing key of zone {zone.Id} is missing.");
        var sealedCa = new SealedZoneCa
        {
            RootCertificate = Der(zone.CertificateAuthority.RootCertificatePem),
            IntermediateCertificate = Der(zone.CertificateAuthority.IssuingCertificatePem),
            SealedIntermediateKey = issuingKey.SealedData,
            SealedRootKey = null,
        };
        // The sealing purpose names the account and zone, so a key sealed for another zone does not open here.
        return PkiZoneCa.Unseal(
            sealedCa, sealer, zone.AccountId.ToString(), zone.Id.ToString(), new ZoneCaOptions { IssuedCertificateCheck = options.IssuedCertificateCheck }, time);
    }

    private static byte[] Der(string pem)
    {
        using var certificate = X509Certificate2.CreateFromPem(pem);
        return certificate.RawData;
    }

    private sealed record Entry(Guid IssuingKeySecretId, PkiZoneCa Authority);
}
