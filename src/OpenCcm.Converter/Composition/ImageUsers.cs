using System.Globalization;
using System.Text;
using OpenCcm.Converter.Layers;

namespace OpenCcm.Converter.Composition;

/// <summary>
/// Turns an image's User ("uid", "uid:gid", "name", "name:group") into the manifest's "uid:gid", with the image's
/// /etc/passwd and /etc/group as a container runtime reads them (a uid without a group takes the passwd entry's gid, else 0).
/// </summary>
internal static class ImageUsers
{
    public static string? Resolve(string? user, FileTree tree)
    {
        if (string.IsNullOrEmpty(user))
        {
            return null;
        }

        var parts = user.Split(':', 2);
        var passwd = Table(tree, "etc/passwd");
        var entry = passwd.FirstOrDefault(fields => fields[0] == parts[0])
                    ?? (IsId(parts[0]) ? passwd.FirstOrDefault(fields => fields[2] == parts[0]) : null);
        var uid = IsId(parts[0]) ? parts[0]
            : entry is not null && IsId(entry[2]) ? entry[2]
            : throw Unknown(user, $"user '{parts[0]}' is not in the image's /etc/passwd");

        string gid;
        if (parts.Length == 2)
        {
            gid = IsId(parts[1]) ? parts[1]
                : Table(tree, "etc/group").FirstOrDefault(fields => fields[0] == parts[1]) is { } group && IsId(group[2]) ? group[2]
                : throw Unknown(user, $"group '{parts[1]}' is not in the image's /etc/group");
        }
        else
        {
            gid = entry is not null && IsId(entry[3]) ? entry[3] : "0";
        }

        return $"{uid}:{gid}";
    }

    private static bool IsId(string value) => uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static List<string[]> Table(FileTree tree, string path) =>
        tree.ReadCaptured(path) is { } bytes
            ? Encoding.UTF8.GetString(bytes).Split('\n').Select(line => line.Split(':')).Where(fields => fields.Length >= 4).ToList()
            : [];

    private static ConversionException Unknown(string user, string why) =>
        new(ConversionErrorCodes.UserUnknown, $"The user '{user}' cannot be resolved: {why}.");
}
