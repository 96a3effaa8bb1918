using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker.Providers.Blob;

/// <summary>Azure Blob Storage for finished videos; the account comes from the <c>blobs</c> connection string.</summary>
public sealed class BlobStoreOptions
{
    public const string Section = "Blob";

    public const string ConnectionName = "blobs";

    /// <summary>The container the videos go to, as <c>&lt;course&gt;/&lt;lesson&gt;.mp4</c> with its .vtt and .jpg; made when missing.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Blob:Container must be a valid container name: 3-63 lower-case letters, digits and single hyphens.")]
    public string Container { get; set; } = "videos";
}
