using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker.Slides;

/// <summary>Limits on the pictures a lesson links to over http(s).</summary>
public sealed class ImageOptions
{
    public const string Section = "Images";

    [Range(1024, 100L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 20L * 1024 * 1024;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Fetch from loopback and private networks too. Off, a lesson cannot make the worker reach a service beside it (a
    /// metadata endpoint, a database) by naming it as a picture, directly or through a redirect.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }
}
