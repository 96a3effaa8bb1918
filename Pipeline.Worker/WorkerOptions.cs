using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker;

/// <summary>What to make and where: bound from the command line, environment and appsettings.</summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string Section = "VideoGen";

    public const string Local = "local";
    public const string Vertex = "vertex";

    public static readonly string[] Providers = [Local, Vertex];

    /// <summary>The catalog file, JSON or CSV.</summary>
    [Required(ErrorMessage = "No catalog given: pass --catalog <file> (or set VideoGen__Catalog).")]
    public string Catalog { get; set; } = "";

    /// <summary>The folder the videos and reports go to.</summary>
    [Required(ErrorMessage = "No output folder given: pass --output <dir> (or set VideoGen__Output).")]
    public string Output { get; set; } = "";

    public string Provider { get; set; } = Local;

    /// <summary>Make every lesson again, finished or not.</summary>
    public bool Force { get; set; }

    /// <summary>Only say what would be made and what it would cost; call no paid API.</summary>
    public bool DryRun { get; set; }

    /// <summary>Try lessons again that failed permanently in an earlier run (transient failures are always retried).</summary>
    public bool RetryFailed { get; set; }

    /// <summary>Only print the catalog's lessons that failed in earlier runs, with their reasons.</summary>
    public bool ListFailed { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Providers.Contains(Provider))
        {
            yield return new ValidationResult(
                $"Unknown provider '{Provider}'; the providers are: {string.Join(", ", Providers)}.", [nameof(Provider)]);
        }
    }
}
