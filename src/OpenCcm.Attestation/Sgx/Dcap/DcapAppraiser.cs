using System.Collections.Concurrent;
using System.Security.Cryptography;
using OpenCcm.Attestation.Intel;
using OpenCcm.Attestation.Pki;

namespace OpenCcm.Attestation.Sgx.Dcap;

/// <summary>
/// The appraisal every DCAP quote shares, SGX or TDX (evidence-formats.md §2.7): the quote signature and the QE's
/// binding of the attestation key, the PCK chain to the pinned Intel SGX Root CA with CRLs, the QE report signature,
/// TCB info and QE identity signed by Intel's TCB Signing key and current at the time, the QE identity; then the
/// TEE's own TCB evaluation (<see cref="DcapTee"/>). Every check runs and reports. Thread-safe, with warm caches.
/// </summary>
internal sealed class DcapAppraiser
{
    private const int MaxCachedChains = 4096;
    private readonly ChainValidator _chains = new();
    private readonly IntelCollateralSelector _collateral;
    private readonly ConcurrentDictionary<string, PckChain> _pckChains = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ECDsa?> _attestationKeys = new(StringComparer.Ordinal);

    public DcapAppraiser()
    {
        _collateral = new IntelCollateralSelector(_chains);
    }

    /// <summary>
    /// Parses and verifies a quote for <paramref name="tee"/>: a quote for another TEE is refused as malformed
    /// (<see cref="FindingCodes.UnsupportedTeeType"/>), otherwise the claims come from <paramref name="claims"/>.
    /// </summary>
    public AttestationVerdict Verify(string format, ReadOnlyMemory<byte> evidence, VerificationContext context, DcapTee tee, Func<DcapQuote, IEvidenceClaims?> claims)
    {
        DcapQuote quote;
        try
        {
            quote = DcapQuote.Parse(evidence);
            if (quote.IsTdx != (tee.TcbInfoId == "TDX"))
            {
                var other = quote.IsTdx ? EvidenceFormats.TdxQuote : EvidenceFormats.SgxQuote;
                throw new EvidenceFormatException(FindingCodes.UnsupportedTeeType, $"This quote is for another TEE: verify it as {other}.");
            }
        }
        catch (EvidenceFormatException e)
        {
            return VerdictBuilder.Malformed(format, e);
        }

        var verdict = new VerdictBuilder(format) { Claims = claims(quote) };
        Appraise(quote, context, verdict, tee);
        return verdict.Complete().Build();
    }

    /// <summary>Runs every check shared by SGX and TDX quotes, then the TEE's own TCB evaluation.</summary>
    public void Appraise(DcapQuote quote, VerificationContext context, VerdictBuilder verdict, DcapTee tee)
    {
        if (quote.TrailingLength > 0)
        {
            verdict.Warning(FindingCodes.TrailingData, $"{quote.TrailingLength} bytes follow the quote; they are not covered by any signature and were ignored.");
        }

        if (!quote.Header.QeVendorId.SequenceEqual(QuoteHeader.IntelQeVendorId))
        {
            verdict.Error(FindingCodes.UnknownQeVendor, $"QE vendor {Bytes.Hex(quote.Header.QeVendorId)} is not Intel's.");
        }

        VerifyQuoteSignature(quote, verdict);
        VerifyAttestationKeyBinding(quote.Certification, quote.AttestationKey.Span, verdict);

        var pck = ResolvePckChain(quote.Certification, context, verdict);
        if (pck is not null)
        {
            VerifyPlatform(quote, pck, context, verdict, tee);
        }
    }

    private void VerifyPlatform(DcapQuote quote, PckChain pck, VerificationContext context, VerdictBuilder verdict, DcapTee tee)
    {
        var anchors = TrustAnchors.For(IntelTrustRoots.SgxRootCas, context);
        var chain = _chains.Validate(pck.Leaf, [.. pck.Others, .. context.Collateral.Certificates], anchors.Roots, context.Time);
        if (chain.IsValid)
        {
            verdict.Simulated |= TrustAnchors.IsSimulated(chain.Root);
            RevocationChecker.Check(chain.Path, context.Collateral.Crls, context.Time, verdict);
        }
        else
        {
            ReportChainFailure(chain, pck, context, verdict);
        }

        if (!pck.PublicKey.VerifyData(
                quote.Certification.QeReport.Raw.Span, quote.Certification.QeReportSignature.Span, HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            verdict.Error(FindingCodes.QeReportSignatureInvalid, "The QE report is not signed by the PCK certificate's key.");
        }

        var tcbInfo = _collateral.Select(
            context.Collateral.TcbInfos,
            t => t.Id == tee.TcbInfoId && t.Fmspc.AsSpan().SequenceEqual(pck.Extensions.Fmspc) && t.PceId.AsSpan().SequenceEqual(pck.Extensions.PceId),
            t => (t.IssueDate, t.NextUpdate, t.TcbEvaluationDataNumber),
            IntelCollateralSelector.TcbInfoCodes, context, anchors, verdict);
        var qeIdentity = _collateral.Select(
            context.Collateral.EnclaveIdentities,
            i => i.Id == tee.QeIdentityId,
            i => (i.IssueDate, i.NextUpdate, i.TcbEvaluationDataNumber),
            IntelCollateralSelector.QeIdentityCodes, context, anchors, verdict);

        var qeStatus = qeIdentity is null ? null : EvaluateQe(quote.Certification.QeReport, qeIdentity.Value, verdict);
        if (tcbInfo is not null)
        {
            var status = tee.EvaluateTcb(quote, tcbInfo.Value, pck.Extensions, qeStatus, verdict);
            if (status is not null)
            {
                ReportTcb(status, qeStatus, verdict);
            }
        }

        if (verdict.Simulated)
        {
            verdict.Warning(FindingCodes.SimulatedEvidence, $"This quote comes from a simulated {tee.TcbInfoId} platform, not from TEE hardware.");
        }
    }

    private static void ReportChainFailure(ChainValidationResult chain, PckChain pck, VerificationContext context, VerdictBuilder verdict)
    {
        var presentedRoot = pck.Others.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData));
        if (!context.AllowSimulated && (TrustAnchors.IsSimulated(chain.Root) || (presentedRoot is not null && TrustAnchors.IsSimulated(presentedRoot))))
        {
            verdict.Error(FindingCodes.SimulatedRootNotTrusted, "The PCK chain ends at a simulated root, which is trusted only when simulation is allowed (--allow-simulated).");
            return;
        }

        foreach (var finding in chain.Findings)
        {
            verdict.Add(finding);
        }
    }

    private void VerifyQuoteSignature(DcapQuote quote, VerdictBuilder verdict)
    {
        if (!VerifyWithRawKey(quote.AttestationKey.Span, quote.SignedRegion.Span, quote.Signature.Span))
        {
            verdict.Error(FindingCodes.QuoteSignatureInvalid, "The quote signature does not verify with the attestation key.");
        }
    }

    /// <summary>QE REPORTDATA = SHA-256(attestation key || QE auth data) || 32 zero bytes: the QE vouches for the key.</summary>
    private static void VerifyAttestationKeyBinding(QeCertificationData certification, ReadOnlySpan<byte> attestationKey, VerdictBuilder verdict)
    {
        Span<byte> expected = stackalloc byte[32];
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            hash.AppendData(attestationKey);
            hash.AppendData(certification.AuthData.Span);
            hash.GetHashAndReset(expected);
        }

        var reportData = certification.QeReport.ReportData;
        if (!reportData[..32].SequenceEqual(expected) || reportData[32..].ContainsAnyExcept((byte)0))
        {
            verdict.Error(FindingCodes.AttestationKeyBindingMismatch, "The QE report does not bind the attestation key (REPORTDATA ≠ SHA-256(key || auth data) || zeros).");
        }
    }

    private PckChain? ResolvePckChain(QeCertificationData certification, VerificationContext context, VerdictBuilder verdict)
    {
        if (certification.Type is not CertificationDataType.PckCertificateChain and not CertificationDataType.PckLeafCertificate)
        {
            verdict.Error(
                FindingCodes.PckCertificateRequired,
                $"Certification data type {(int)certification.Type} ({certification.Type}) carries no PCK certificate chain; the PCK certificate "
                + "must be fetched from Intel PCS for this platform, so the quote cannot be verified offline.");
            return null;
        }

        var key = (int)certification.Type + ":" + Convert.ToHexString(SHA256.HashData(certification.Data.Span));
        if (_pckChains.TryGetValue(key, out var cached))
        {
            return cached;
        }

        try
        {
            var certificates = PemBundle.ReadCertificates(certification.Data.Span);
            if (certification.Type == CertificationDataType.PckLeafCertificate && certificates.Count != 1)
            {
                throw new EvidenceFormatException(
                    FindingCodes.CertificationDataInvalid, $"Certification data type 4 must hold the PCK certificate alone, not {certificates.Count} certificates.");
            }

            var chain = PckChain.From(certificates);
            if (_pckChains.Count >= MaxCachedChains)
            {
                _pckChains.Clear();
            }

            _pckChains[key] = chain;
            return chain;
        }
        catch (EvidenceFormatException e)
        {
            verdict.Error(e.Code, e.Message);
            return null;
        }
        catch (CryptographicException e)
        {
            // e.g. a public key the platform cannot decode
            verdict.Error(FindingCodes.CertificationDataInvalid, "The PCK certificate is malformed: " + e.Message);
            return null;
        }
    }

    private static string? EvaluateQe(SgxReportBody qeReport, EnclaveIdentity identity, VerdictBuilder verdict)
    {
        var mismatches = new List<string>();
        if (!MaskedEquals(qeReport.Raw.Span.Slice(16, 4), identity.MiscSelectMask, identity.MiscSelect))
        {
            mismatches.Add("MISCSELECT");
        }

        if (!MaskedEquals(qeReport.Attributes, identity.AttributesMask, identity.Attributes))
        {
            mismatches.Add("ATTRIBUTES");
        }

        if (!qeReport.MrSigner.SequenceEqual(identity.MrSigner))
        {
            mismatches.Add("MRSIGNER");
        }

        if (qeReport.IsvProdId != identity.IsvProdId)
        {
            mismatches.Add("ISVPRODID");
        }

        if (mismatches.Count > 0)
        {
            verdict.Error(FindingCodes.QeIdentityMismatch, $"The Quoting Enclave does not match Intel's QE identity ({string.Join(", ", mismatches)}).");
            return null;
        }

        var match = SgxTcbEvaluator.MatchEnclave(identity, qeReport.IsvSvn);
        verdict.Info(FindingCodes.QeTcbStatus, $"QE ISVSVN {qeReport.IsvSvn}: {match.Status}.");
        verdict.AddAdvisories(match.AdvisoryIds);
        return match.Status == TcbStatuses.TcbNotSupported ? null : match.Status;
    }

    /// <summary>Merges the QE's status into the platform's (QVL's final merge) and records the result.</summary>
    private static void ReportTcb(string platformStatus, string? qeStatus, VerdictBuilder verdict)
    {
        var status = platformStatus == TcbStatuses.TcbNotSupported ? platformStatus : TcbStatuses.MergeQeStatus(platformStatus, qeStatus);
        verdict.TcbStatus = status;
        if (status == TcbStatuses.TcbNotSupported)
        {
            verdict.Warning(FindingCodes.TcbNotSupported, "No TCB level of the TCB info matches this platform (or its QE).");
        }
        else
        {
            verdict.Info(FindingCodes.TcbStatus, $"Platform TCB {platformStatus}; with the QE: {status}.");
        }
    }

    private static bool MaskedEquals(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> mask, ReadOnlySpan<byte> expected)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            if ((actual[i] & mask[i]) != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    private bool VerifyWithRawKey(ReadOnlySpan<byte> publicKeyXy, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var key = _attestationKeys.GetOrAdd(Convert.ToHexString(publicKeyXy), static (_, xy) => ImportP256(xy), publicKeyXy.ToArray());
        if (_attestationKeys.Count > MaxCachedChains)
        {
            _attestationKeys.Clear();
        }

        return key is not null && key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static ECDsa? ImportP256(byte[] xy)
    {
        try
        {
            return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = xy[..32], Y = xy[32..] } });
        }
        catch (CryptographicException)
        {
            return null; // not a point on the curve: the signature check fails closed
        }
    }
}
