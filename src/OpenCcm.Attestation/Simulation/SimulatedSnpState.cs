using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OpenCcm.Attestation.Pki;
using OpenCcm.Attestation.Snp;

namespace OpenCcm.Attestation.Simulation;

/// <summary>
/// The files of a simulated SEV-SNP platform: <c>platform.json</c> (product, chip id, TCB) written last as the
/// commit marker, certificates as PEM, private keys as PKCS#8 PEM readable by the owner only (0600). A new state is
/// written into a private temporary sibling directory and renamed into place, so a reader never sees half of one
/// and two processes creating it at once end up sharing the first one to finish.
/// </summary>
internal sealed record SimulatedSnpState(
    SnpProduct Product, byte[] ChipId, SnpTcbVersion Tcb, RSA ArkKey, X509Certificate2 Ark, RSA AskKey, X509Certificate2 Ask, ECDsa VcekKey, X509Certificate2 Vcek)
    : IDisposable
{
    public const string StateFile = "platform.json";
    private const int Format = 1;
    private const string ArkFile = "ark.pem";
    private const string ArkKeyFile = "ark.key.pem";
    private const string AskFile = "ask.pem";
    private const string AskKeyFile = "ask.key.pem";
    private const string VcekFile = "vcek.pem";
    private const string VcekKeyFile = "vcek.key.pem";
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerReadWrite | UnixFileMode.UserExecute;

    public void Dispose()
    {
        ArkKey.Dispose();
        AskKey.Dispose();
        VcekKey.Dispose();
    }

    public static SimulatedSnpState Load(string directory)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, StateFile)));
        var root = document.RootElement;
        if (!root.TryGetProperty("format", out var format) || format.GetInt32() != Format)
        {
            throw new InvalidOperationException($"'{directory}' holds a simulated SEV-SNP platform of another format; delete it to start anew.");
        }

        var product = Enum.Parse<SnpProduct>(root.GetProperty("product").GetString()!);
        var chipId = Convert.FromHexString(root.GetProperty("chipId").GetString()!);
        var tcb = SnpTcbVersion.Decode(Convert.ToUInt64(root.GetProperty("tcb").GetString()!, 16), product);
        var arkKey = RSA.Create();
        arkKey.ImportFromPem(ReadText(directory, ArkKeyFile));
        var askKey = RSA.Create();
        askKey.ImportFromPem(ReadText(directory, AskKeyFile));
        var vcekKey = ECDsa.Create();
        vcekKey.ImportFromPem(ReadText(directory, VcekKeyFile));
        return new SimulatedSnpState(
            product, chipId, tcb, arkKey, LoadCertificate(directory, ArkFile), askKey, LoadCertificate(directory, AskFile), vcekKey, LoadCertificate(directory, VcekFile));
    }

    public static SimulatedSnpState Generate(SnpProduct product, SnpTcbVersion tcb)
    {
        // Turin hwIDs are 8 bytes: the rest of CHIP_ID is zero (evidence-formats.md §8.1).
        var chipId = new byte[64];
        RandomNumberGenerator.Fill(product == SnpProduct.Turin ? chipId.AsSpan(0, 8) : chipId);
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        notBefore = notBefore.AddTicks(-(notBefore.Ticks % TimeSpan.TicksPerSecond));
        var arkKey = RSA.Create(SimulatedSnpPki.RsaKeySize);
        var askKey = RSA.Create(SimulatedSnpPki.RsaKeySize);
        var vcekKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var ark = SimulatedSnpPki.CreateArk(arkKey, product, notBefore);
        var ask = SimulatedSnpPki.CreateAsk(askKey, product, ark, arkKey, notBefore);
        var hwId = product == SnpProduct.Turin ? chipId.AsSpan(0, 8) : chipId;
        var vcek = SimulatedSnpPki.CreateVcek(vcekKey, product, tcb, hwId, ask, askKey, notBefore);
        return new SimulatedSnpState(product, chipId, tcb, arkKey, ark, askKey, ask, vcekKey, vcek);
    }

    /// <summary>Writes this state to <paramref name="directory"/> atomically, unless another writer got there first.</summary>
    public void WriteAtomically(string directory)
    {
        var full = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(full) ?? throw new ArgumentException("The simulated platform needs a directory with a parent.", nameof(directory));
        CreatePrivateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        CreatePrivateDirectory(temporary);
        try
        {
            WriteFiles(temporary);
            if (Directory.Exists(full) && !Directory.EnumerateFileSystemEntries(full).Any())
            {
                Directory.Delete(full);
            }

            Directory.Move(temporary, full);
        }
        catch (IOException) when (File.Exists(Path.Combine(full, StateFile)))
        {
            // Another process created the platform first; use theirs.
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    private void WriteFiles(string directory)
    {
        WriteText(directory, ArkFile, Ark.ExportCertificatePem(), secret: false);
        WriteText(directory, AskFile, Ask.ExportCertificatePem(), secret: false);
        WriteText(directory, VcekFile, Vcek.ExportCertificatePem(), secret: false);
        WriteText(directory, ArkKeyFile, ArkKey.ExportPkcs8PrivateKeyPem(), secret: true);
        WriteText(directory, AskKeyFile, AskKey.ExportPkcs8PrivateKeyPem(), secret: true);
        WriteText(directory, VcekKeyFile, VcekKey.ExportPkcs8PrivateKeyPem(), secret: true);

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("format", Format);
            json.WriteString("product", Product.ToString());
            json.WriteString("chipId", Convert.ToHexStringLower(ChipId));
            json.WriteString("tcb", Tcb.Raw.ToString("x16"));
            json.WriteEndObject();
        }

        WriteText(directory, StateFile, Encoding.UTF8.GetString(stream.ToArray()), secret: false);
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }

    private static void WriteText(string directory, string name, string text, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        using var stream = new FileStream(Path.Combine(directory, name), options);
        var bytes = Encoding.ASCII.GetBytes(text);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static string ReadText(string directory, string name) => File.ReadAllText(Path.Combine(directory, name), Encoding.ASCII);

    private static X509Certificate2 LoadCertificate(string directory, string name) =>
        PemBundle.ReadCertificates(File.ReadAllBytes(Path.Combine(directory, name)), FindingCodes.CollateralInvalid)[0];
}
