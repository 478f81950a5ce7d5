namespace OpenCcm.Oci;

public enum ImageReferenceKind
{
    /// <summary>registry/repository[:tag][@digest], reached over the OCI distribution API.</summary>
    Registry,

    /// <summary>oci:DIR[:tag], an OCI image layout directory on disk.</summary>
    Layout,
}
