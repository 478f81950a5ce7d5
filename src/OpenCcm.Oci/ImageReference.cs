using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace OpenCcm.Oci;

/// <summary>
/// An image reference: <c>[registry/]repository[:tag][@digest]</c> with Docker's defaults (docker.io, library/,
/// latest), an optional <c>docker://</c> prefix as skopeo writes it, or <c>oci:DIR[:tag]</c> for an OCI image layout.
/// Grammar: github.com/distribution/reference (reference.go).
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";

    private const string LayoutPrefix = "oci:";
    private const string DockerTransportPrefix = "docker://";
    private const int MaxNameLength = 255;

    private ImageReference()
    {
    }

    public ImageReferenceKind Kind { get; private init; }

    /// <summary>Registry host[:port] ("docker.io" for Docker Hub); empty for layouts.</summary>
    public string Registry { get; private init; } = "";

    /// <summary>Repository path inside the registry ("library/busybox"); empty for layouts.</summary>
    public string Repository { get; private init; } = "";

    /// <summary>The tag, "latest" when a registry reference names neither tag nor digest; null for a layout without one.</summary>
    public string? Tag { get; private init; }

    /// <summary>The digest (sha256:...), when the reference pins one; it wins over the tag.</summary>
    public string? Digest { get; private init; }

    /// <summary>The layout directory (full path) of an oci: reference.</summary>
    public string? LayoutPath { get; private init; }

    /// <summary>What the registry API calls the reference: the digest when pinned, else the tag.</summary>
    public string? TagOrDigest => Digest ?? Tag;

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new OciException(OciErrorCodes.ReferenceInvalid, error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Image reference is empty.";
            return false;
        }

        if (text.StartsWith(LayoutPrefix, StringComparison.Ordinal))
        {
            return TryParseLayout(text[LayoutPrefix.Length..], out reference, out error);
        }

        var name = text.StartsWith(DockerTransportPrefix, StringComparison.Ordinal) ? text[DockerTransportPrefix.Length..] : text;
        return TryParseRegistry(text, name, out reference, out error);
    }

    /// <summary>A registry reference from its parts (validated like <see cref="Parse"/>).</summary>
    public static ImageReference ForRegistry(string registry, string repository, string? tag = null, string? digest = null) =>
        Parse($"{registry}/{repository}{(tag is null ? "" : ":" + tag)}{(digest is null ? "" : "@" + digest)}");

    public static ImageReference ForLayout(string directory, string? tag = null) =>
        Parse(LayoutPrefix + Path.GetFullPath(directory) + (tag is null ? "" : ":" + tag));

    public ImageReference WithTag(string tag)
    {
        if (!TagPattern().IsMatch(tag))
        {
            throw new OciException(OciErrorCodes.ReferenceInvalid, $"Invalid tag '{tag}': up to 128 of [A-Za-z0-9_.-], not starting with '.' or '-'.");
        }

        return this with { Tag = tag, Digest = null };
    }

    /// <summary>The repository alone (what <see cref="IImageRepository.Repository"/> returns).</summary>
    public ImageReference WithoutTagOrDigest() => this with { Tag = null, Digest = null };

    public ImageReference WithDigest(string digest) => this with { Digest = OciDigest.Validate(digest) };

    /// <summary>True when both name the same repository (registry and path, or layout directory).</summary>
    public bool SameRepository(ImageReference other) =>
        Kind == other.Kind && string.Equals(Registry, other.Registry, StringComparison.Ordinal) &&
        string.Equals(Repository, other.Repository, StringComparison.Ordinal) &&
        string.Equals(LayoutPath, other.LayoutPath, StringComparison.Ordinal);

    public override string ToString() => Kind == ImageReferenceKind.Layout
        ? $"{LayoutPrefix}{LayoutPath}{(Tag is null ? "" : ":" + Tag)}"
        : $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    private static bool TryParseLayout(string rest, out ImageReference? reference, out string? error)
    {
        reference = null;
        // oci:DIR[:tag] as skopeo's oci transport: the text after the last ':' is a tag unless it holds a '/'.
        string directory = rest;
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0 && !rest.AsSpan(colon + 1).Contains('/'))
        {
            directory = rest[..colon];
            tag = rest[(colon + 1)..];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"Invalid tag '{tag}' in layout reference 'oci:{rest}'.";
                return false;
            }
        }

        if (directory.Length == 0)
        {
            error = "Layout reference 'oci:' names no directory.";
            return false;
        }

        reference = new ImageReference { Kind = ImageReferenceKind.Layout, LayoutPath = Path.GetFullPath(directory), Tag = tag };
        error = null;
        return true;
    }

    private static bool TryParseRegistry(string original, string name, out ImageReference? reference, out string? error)
    {
        reference = null;
        string? digest = null;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = name[(at + 1)..];
            name = name[..at];
            if (!OciDigest.IsValid(digest))
            {
                error = $"Invalid digest '{digest}' in '{original}': expected sha256: and 64 lowercase hex digits.";
                return false;
            }
        }

        string? tag = null;
        var lastColon = name.LastIndexOf(':');
        if (lastColon > name.LastIndexOf('/'))
        {
            tag = name[(lastColon + 1)..];
            name = name[..lastColon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"Invalid tag '{tag}' in '{original}': up to 128 of [A-Za-z0-9_.-], not starting with '.' or '-'.";
                return false;
            }
        }

        // The first component is a registry when it looks like a host: has '.' or ':', or is "localhost".
        var registry = DockerHub;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && (name[..slash].Contains('.', StringComparison.Ordinal) || name[..slash].Contains(':', StringComparison.Ordinal) || name[..slash] == "localhost"))
        {
            registry = name[..slash];
            name = name[(slash + 1)..];
            if (!HostPattern().IsMatch(registry))
            {
                error = $"Invalid registry host '{registry}' in '{original}'.";
                return false;
            }
        }

        if (registry is "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHub;
        }

        if (registry == DockerHub && !name.Contains('/', StringComparison.Ordinal))
        {
            name = "library/" + name;
        }

        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            error = $"Invalid repository in '{original}': empty or longer than {MaxNameLength} characters.";
            return false;
        }

        if (!RepositoryPattern().IsMatch(name))
        {
            error = name.Any(char.IsUpper)
                ? $"Invalid repository '{name}' in '{original}': repository names must be lowercase."
                : $"Invalid repository '{name}' in '{original}': components are [a-z0-9] separated by '.', '_', '__' or '-', joined by '/'.";
            return false;
        }

        reference = new ImageReference
        {
            Kind = ImageReferenceKind.Registry,
            Registry = registry,
            Repository = name,
            Tag = tag ?? (digest is null ? "latest" : null),
            Digest = digest,
        };
        error = null;
        return true;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
