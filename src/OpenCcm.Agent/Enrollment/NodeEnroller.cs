using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenCcm.Agent.Manager;
using OpenCcm.Agent.Platforms;
using OpenCcm.AgentProtocol;
using OpenCcm.Contracts;

namespace OpenCcm.Agent.Enrollment;

/// <summary>
/// Node provisioning (docs/manager.md "Node enrollment"): a new P-256 key, a CSR, platform evidence whose report data is
/// SHA-256(CSR SubjectPublicKeyInfo) || 0^32, <c>POST /v1/nodes</c> with the join token as bearer; the answer's node
/// certificate and zone chain are saved with the key.
/// </summary>
internal sealed class NodeEnroller(AgentOptions options, IAgentPlatform platform, NodeIdentityStore store)
{
    public async Task<NodeIdentity> EnrollAsync(CancellationToken cancellationToken)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var csr = new CertificateRequest($"CN={options.NodeName}", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
            var evidence = await platform.GetNodeEvidenceAsync(ReportDataBinding.For(key.ExportSubjectPublicKeyInfo()), cancellationToken).ConfigureAwait(false);
            var request = new NodeEnrollmentRequest(
                options.NodeName, "OpenCCM node agent", null, null,
                new NodeAttestationRequest(Convert.ToBase64String(evidence.Evidence.Span), null, csr, null, evidence.Format), options.Labels);

            using var http = ManagerHttp.Create(options.ManagerUrl, options.ManagerCaFile, null, TimeSpan.FromSeconds(60));
            using var message = new HttpRequestMessage(HttpMethod.Post, "v1/nodes") { Content = JsonContent.Create(request, options: ContractJson.Options) };
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.JoinToken);
            using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var problem = ManagerProblem.Read((int)response.StatusCode, body);
                throw new EnrollmentException(problem.Code, $"The manager refused the enrollment ({problem.Status} {problem.Code}): {problem.Detail}");
            }

            var enrolled = System.Text.Json.JsonSerializer.Deserialize<NodeEnrollmentResponse>(body, ContractJson.Options)
                ?? throw new EnrollmentException("EnrollmentAnswerInvalid", "The manager answered null to the enrollment.");
            var certificate = X509Certificate2.CreateFromPem(enrolled.Certificate);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(enrolled.CaChain);
            // The manager's ca_chain may start with the node certificate itself; keep only the CA certificates.
            var caCertificates = chain.Where(c => !c.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)).ToList();
            store.Save(enrolled.NodeId, platform.Name, key, enrolled.Certificate, caCertificates, options.Time.GetUtcNow());
            return new NodeIdentity(enrolled.NodeId, key, certificate, caCertificates);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}

/// <summary>Enrollment failed: the manager's code (or ours) and why.</summary>
internal sealed class EnrollmentException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
