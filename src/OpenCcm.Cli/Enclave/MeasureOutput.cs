using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenCcm.Enclave.Files;
using OpenCcm.Enclave.Manifest;
using OpenCcm.Enclave.Measurement;

namespace OpenCcm.Cli.Enclave;

/// <summary>What <c>ccm enclave measure</c> prints: one JSON object with --json, lines otherwise; notes go to stderr.</summary>
internal sealed class MeasureOutput(TextWriter stdout, TextWriter stderr, bool asJson)
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Note(string message) => stderr.WriteLine("ccm: " + message);

    public void Result(EnclaveManifest manifest, EnclaveMeasurementResult measurement, SignedSigstruct? signed, TrustedFileVerification verification)
    {
        var values = new (string Name, object? Value)[]
        {
            ("mrenclave", Hex(measurement.MrEnclave)),
            ("mrsigner", signed is null ? null : Hex(signed.MrSigner)),
            ("isvprodid", manifest.IsvProdId),
            ("isvsvn", manifest.IsvSvn),
            ("debug", manifest.Debug),
            ("trustedFiles", manifest.TrustedFiles.Count),
            ("manifestSha256", Hex(measurement.ManifestSha256)),
            ("runtimeSha256", Hex(measurement.RuntimeSha256)),
            ("sigstruct", signed?.Path),
            ("signingKey", signed?.KeyPath),
            ("hashMilliseconds", Math.Round(verification.Elapsed.TotalMilliseconds, 1)),
        };
        if (asJson)
        {
            WriteJson(writer =>
            {
                foreach (var (name, value) in values)
                {
                    WriteValue(writer, name, value);
                }
            });
            return;
        }

        foreach (var (name, value) in values.Where(v => v.Value is not null))
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-16} {value}"));
        }
    }

    public int Mismatches(TrustedFileVerification verification)
    {
        if (asJson)
        {
            WriteJson(writer =>
            {
                writer.WriteStartArray("mismatches");
                foreach (var mismatch in verification.Mismatches)
                {
                    writer.WriteStartObject();
                    writer.WriteString("code", mismatch.Code);
                    writer.WriteString("path", mismatch.Path);
                    writer.WriteString("message", mismatch.Message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            });
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TRUSTED FILES DIFFER ({verification.Mismatches.Count}); run with --update to accept the root as it is:"));
            foreach (var mismatch in verification.Mismatches)
            {
                stdout.WriteLine($"  {mismatch.Code}: {mismatch.Message}");
            }
        }

        return ExitCodes.NotAuthentic;
    }

    public int Failure(int exitCode, string code, string message)
    {
        if (asJson)
        {
            WriteJson(writer =>
            {
                writer.WriteStartObject("error");
                writer.WriteString("code", code);
                writer.WriteString("message", message);
                writer.WriteEndObject();
            });
        }
        else
        {
            stderr.WriteLine($"ccm: {code}: {message}");
        }

        return exitCode;
    }

    private static string Hex(byte[] value) => Convert.ToHexStringLower(value);

    private static void WriteValue(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNull(name); break;
            case string text: writer.WriteString(name, text); break;
            case bool flag: writer.WriteBoolean(name, flag); break;
            case ushort number: writer.WriteNumber(name, number); break;
            case int number: writer.WriteNumber(name, number); break;
            case double number: writer.WriteNumber(name, number); break;
            default: throw new ArgumentException($"Unexpected value type for {name}.", nameof(value));
        }
    }

    private void WriteJson(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
