using OpenCcm.Contracts;
using OpenCcm.Converter;
using OpenCcm.Oci;

namespace OpenCcm.Manager.Converter;

/// <summary>
/// One conversion the manager runs: registry images only (never oci: layouts, which would be the manager's own files),
/// the options (runtime, signing key and spool directory are the manager's), and the credentials the caller gave.
/// </summary>
internal sealed record ConversionRequest(
    ImageReference Source, ImageReference Target, ConversionOptions Options, RegistryAuthConfig? SourceAuth, RegistryAuthConfig? TargetAuth);
