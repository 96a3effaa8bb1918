using System.ComponentModel.DataAnnotations;
using VideoGen.Worker.Providers.GpuJobs;

namespace VideoGen.Worker.Providers.NeoVerse;

/// <summary>The NeoVerse server that re-renders scenes along new camera paths (<c>--camera neoverse</c>).</summary>
public sealed class NeoVerseOptions : GpuJobServerOptions
{
    public const string Section = "Providers:NeoVerse";

    /// <summary>The name of the server's HTTP client, and of the model in spans and metrics.</summary>
    public const string Server = "neoverse";

    /// <summary>With a Veo provider, how many scenes one paid clip covers, each through its own camera path.</summary>
    [Range(1, 4)]
    public int ShotsPerClip { get; set; } = 2;

    /// <summary>What NeoVerse's repainting is told, before the scene's own description.</summary>
    [Required]
    public string Prompt { get; set; } = "A clean, well-lit shot for an online lesson, steady and smooth";

    /// <summary>The seed of every job, so a shot made again looks the same.</summary>
    public int Seed { get; set; } = 7;

    /// <summary>Shots the worker has submitted or waits for at once; the server queues the rest of its own accord.</summary>
    [Range(1, 64)]
    public int MaxShotsAtOnce { get; set; } = 4;
}
