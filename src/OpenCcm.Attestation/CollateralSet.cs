using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Attestation;

/// <summary>
/// Collateral available to verifiers: certificates, CRLs and Intel's signed JSON, recognised by content whatever
/// the file names. Everything here is untrusted until a verifier chains it to a pinned (or explicitly trusted) root.
/// Immutable once built; share one instance across verifications so its verified state is reused.
/// </summary>
public sealed class CollateralSet
{
    public static readonly CollateralSet Empty = new([], [], [], [], []);

    public CollateralSet(
        IReadOnlyList<X509Certificate2> certificates,
        IReadOnlyList<CertificateRevocationList> crls,
        IReadOnlyList<SignedCollateral<TcbInfo>> tcbInfos,
        IReadOnlyList<SignedCollateral<EnclaveIdentity>> enclaveIdentities,
        IReadOnlyList<string> ignored)
    {
        Certificates = certificates;
        Crls = crls;
        TcbInfos = tcbInfos;
        EnclaveIdentities = enclaveIdentities;
        Ignored = ignored;
    }

    public IReadOnlyList<X509Certificate2> Certificates { get; }

    public IReadOnlyList<CertificateRevocationList> Crls { get; }

    public IReadOnlyList<SignedCollateral<TcbInfo>> TcbInfos { get; }

    public IReadOnlyList<SignedCollateral<EnclaveIdentity>> EnclaveIdentities { get; }

    /// <summary>Files that were not recognised as collateral (kept for diagnostics; not an error).</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>Loads the files directly inside each directory (not recursively) and recognises them by content.</summary>
    public static CollateralSet LoadDirectories(IEnumerable<string> directories)
    {
        var builder = new Builder();
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"Collateral directory '{directory}' does not exist.");
            }

            foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                builder.AddFile(file);
            }
        }

        return builder.Build();
    }

    /// <summary>Accumulates collateral from bytes or files; equal items are kept once.</summary>
    public sealed class Builder
    {
        private const int MaxFileSize = 16 * 1024 * 1024;
        private readonly List<X509Certificate2> _certificates = [];
        private readonly List<CertificateRevocationList> _crls = [];
        private readonly List<SignedCollateral<TcbInfo>> _tcbInfos = [];
        private readonly List<SignedCollateral<EnclaveIdentity>> _identities = [];
        private readonly List<string> _ignored = [];

        public Builder AddFile(string path)
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileSize)
            {
                _ignored.Add(path);
                return this;
            }

            return Add(File.ReadAllBytes(path), path);
        }

        /// <summary>Recognises <paramref name="data"/> by content; unrecognised or malformed data is recorded as ignored.</summary>
        public Builder Add(byte[] data, string source)
        {
            try
            {
                if (!TryAddJson(data, source) && !TryAddPem(data) && !TryAddDer(data))
                {
                    _ignored.Add(source);
                }
            }
            catch (EvidenceFormatException)
            {
                _ignored.Add(source);
            }

            return this;
        }

        public Builder AddCertificate(X509Certificate2 certificate)
        {
            if (!_certificates.Exists(c => c.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)))
            {
                _certificates.Add(certificate);
            }

            return this;
        }

        public Builder AddCrl(CertificateRevocationList crl)
        {
            if (!_crls.Exists(c => c.RawData.AsSpan().SequenceEqual(crl.RawData)))
            {
                _crls.Add(crl);
            }

            return this;
        }

        public CollateralSet Build() => new(_certificates.ToArray(), _crls.ToArray(), _tcbInfos.ToArray(), _identities.ToArray(), _ignored.ToArray());

        private bool TryAddJson(byte[] data, string source)
        {
            var trimmed = data.AsSpan().TrimStart(" \t\r\n"u8);
            if (trimmed.IsEmpty || trimmed[0] != (byte)'{')
            {
                return false;
            }

            try
            {
                if (IntelCollateralParser.TryParseTcbInfo(trimmed, source) is { } tcb)
                {
                    if (!_tcbInfos.Exists(t => t.ContentHash == tcb.ContentHash))
                    {
                        _tcbInfos.Add(tcb);
                    }

                    tcb.IssuerChain.ToList().ForEach(c => AddCertificate(c));
                    return true;
                }

                if (IntelCollateralParser.TryParseEnclaveIdentity(trimmed, source) is { } identity)
                {
                    if (!_identities.Exists(t => t.ContentHash == identity.ContentHash))
                    {
                        _identities.Add(identity);
                    }

                    identity.IssuerChain.ToList().ForEach(c => AddCertificate(c));
                    return true;
                }

                return TryAddFortanixCrl(trimmed);
            }
            catch (JsonException)
            {
                return false;
            }
        }

        // Fortanix stores CRLs as {"crl": "<PEM>", "ca_chain": ["<PEM>", ...]}.
        private bool TryAddFortanixCrl(ReadOnlySpan<byte> json)
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("crl", out var crl) || crl.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var found = TryAddPem(Encoding.ASCII.GetBytes(crl.GetString()!));
            if (document.RootElement.TryGetProperty("ca_chain", out var chain) && chain.ValueKind == JsonValueKind.Array)
            {
                foreach (var pem in chain.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String))
                {
                    TryAddPem(Encoding.ASCII.GetBytes(pem.GetString()!));
                }
            }

            return found;
        }

        private bool TryAddPem(byte[] data)
        {
            var blocks = PemBundle.ReadBlocks(data);
            var any = false;
            foreach (var (label, der) in blocks)
            {
                if (label == PemBundle.CertificateLabel)
                {
                    AddCertificate(PemBundle.LoadCertificate(der, FindingCodes.CollateralInvalid));
                    any = true;
                }
                else if (label == PemBundle.CrlLabel)
                {
                    AddCrl(CertificateRevocationList.Parse(der));
                    any = true;
                }
            }

            return any;
        }

        private bool TryAddDer(byte[] data)
        {
            if (data.Length < 2 || data[0] != 0x30)
            {
                return false;
            }

            if (CertificateRevocationList.TryParse(data, out var crl))
            {
                AddCrl(crl!);
                return true;
            }

            try
            {
                AddCertificate(PemBundle.LoadCertificate(data, FindingCodes.CollateralInvalid));
                return true;
            }
            catch (EvidenceFormatException)
            {
                return false;
            }
        }
    }
}
