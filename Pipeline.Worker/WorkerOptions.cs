using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker;

/// <summary>What to make and where: bound from the command line, environment and appsettings.</summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string Section = "VideoGen";

    public static readonly string[] Providers = ["local"];

    /// <summary>The catalog file, JSON or CSV.</summary>
    [Required(ErrorMessage = "No catalog given: pass --catalog <file> (or set VideoGen__Catalog).")]
    public string Catalog { get; set; } = "";

    /// <summary>The folder the videos and reports go to.</summary>
    [Required(ErrorMessage = "No output folder given: pass --output <dir> (or set VideoGen__Output).")]
    public string Output { get; set; } = "";

    public string Provider { get; set; } = "local";

    /// <summary>Make every lesson again, finished or not.</summary>
    public bool Force { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Providers.Contains(Provider))
        {
            yield return new ValidationResult(
                $"Unknown provider '{Provider}'; this build supports: {string.Join(", ", Providers)}.", [nameof(Provider)]);
        }
    }
}
