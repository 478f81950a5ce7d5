namespace OpenCcm.Converter;

/// <summary>
/// A conversion refused: untrusted content, a bad image or bad options. <see cref="Code"/> is one of
/// <see cref="ConversionErrorCodes"/>, stable for callers (CLI exit messages, the manager's problem details).
/// </summary>
public sealed class ConversionException : Exception
{
    public ConversionException(string code, string message)
        : base(message) => Code = code;

    public ConversionException(string code, string message, Exception innerException)
        : base(message, innerException) => Code = code;

    public ConversionException()
        : this(ConversionErrorCodes.InvalidImage, "The image cannot be converted.")
    {
    }

    public ConversionException(string message)
        : this(ConversionErrorCodes.InvalidImage, message)
    {
    }

    public ConversionException(string message, Exception innerException)
        : this(ConversionErrorCodes.InvalidImage, message, innerException)
    {
    }

    /// <summary>The stable code (<see cref="ConversionErrorCodes"/>).</summary>
    public string Code { get; }

    /// <summary>The layer (0-based, in manifest order) the refusal is about, when it is about one.</summary>
    public int? LayerIndex { get; init; }

    /// <summary>The path inside the layer the refusal is about, when it is about one.</summary>
    public string? EntryPath { get; init; }
}
