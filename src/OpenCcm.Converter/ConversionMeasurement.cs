namespace OpenCcm.Converter;

/// <summary>What a conversion measured and signed, as <see cref="ConversionOptions.BeforePublish"/> sees it (lowercase hex).</summary>
public sealed record ConversionMeasurement(string MrEnclave, string MrSigner, ushort IsvProdId, ushort IsvSvn, bool Debug);
