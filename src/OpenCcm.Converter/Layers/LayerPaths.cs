using System.Text;

namespace OpenCcm.Converter.Layers;

/// <summary>Lexical path checks on names taken from layer archives (never resolved against the host file system).</summary>
public static class LayerPaths
{
    /// <summary>
    /// Normalizes an archive entry name: strips "./" and trailing "/", drops "." and empty components.
    /// Refuses absolute names (EntryPathAbsolute), ".." components (EntryPathTraversal), NULs and over-long names (EntryPathInvalid).
    /// "." and "./" give "" (the root).
    /// </summary>
    public static string NormalizeEntryName(string name, int maxLength)
    {
        CheckCharacters(name, maxLength, "entry name");
        if (name.StartsWith('/'))
        {
            throw new ConversionException(ConversionErrorCodes.EntryPathAbsolute, $"The entry '{name}' has an absolute name.") { EntryPath = name };
        }

        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                throw new ConversionException(ConversionErrorCodes.EntryPathTraversal, $"The entry '{name}' has a '..' component.") { EntryPath = name };
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    /// <summary>
    /// Whether a symbolic link at <paramref name="linkPath"/> with <paramref name="target"/> stays inside the root,
    /// judged lexically. Absolute targets are resolved from the root, where ".." at the root stays at the root, as a
    /// container runtime resolves them (so they never escape); relative targets escape when their ".." climb above the root.
    /// </summary>
    public static bool SymlinkStaysInside(string linkPath, string target)
    {
        if (target.StartsWith('/'))
        {
            return true;
        }

        var depth = linkPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Length - 1; // the link's directory
        foreach (var part in target.Split('/'))
        {
            if (part == "..")
            {
                if (--depth < 0)
                {
                    return false;
                }
            }
            else if (part is not ("" or "."))
            {
                depth++;
            }
        }

        return true;
    }

    /// <summary>Resolves a symlink target against the link's directory into a normalized root-relative path (".." at the root stays there).</summary>
    public static string ResolveLinkTarget(string linkPath, string target)
    {
        var parts = new List<string>();
        if (!target.StartsWith('/'))
        {
            var slash = linkPath.LastIndexOf('/');
            if (slash > 0)
            {
                parts.AddRange(linkPath[..slash].Split('/'));
            }
        }

        foreach (var part in target.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part is not ("" or "."))
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    /// <summary>The parent of a normalized path ("" for top-level names and the root).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    /// <summary>The last component of a normalized path.</summary>
    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>Joins a normalized directory and a child name.</summary>
    public static string Combine(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;

    /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> or below it.</summary>
    public static bool IsAtOrBelow(string path, string directory) =>
        directory.Length == 0
        || (path.StartsWith(directory, StringComparison.Ordinal) && (path.Length == directory.Length || path[directory.Length] == '/'));

    internal static void CheckCharacters(string value, int maxLength, string what)
    {
        if (value.Contains('\0', StringComparison.Ordinal) || Encoding.UTF8.GetByteCount(value) > maxLength)
        {
            throw new ConversionException(ConversionErrorCodes.EntryPathInvalid, $"The {what} '{value.Replace("\0", "\\0", StringComparison.Ordinal)}' has a NUL or exceeds {maxLength} bytes.") { EntryPath = value };
        }
    }
}
