using System.ComponentModel.DataAnnotations;
using VideoGen.Worker.Providers.GpuJobs;

namespace VideoGen.Worker.Providers.AvatarForcing;

/// <summary>The AvatarForcing server that makes the talking presenter (<c>--presenter avatarforcing</c>).</summary>
public sealed class AvatarForcingOptions : GpuJobServerOptions
{
    public const string Section = "Providers:AvatarForcing";

    /// <summary>The name of the server's HTTP client, and of the model in spans and metrics.</summary>
    public const string Server = "avatarforcing";

    /// <summary>The longest speech one job is given: AvatarForcing cuts its audio at 30 s.</summary>
    [Range(5, 30)]
    public double MaxChunkSeconds { get; set; } = 30;

    /// <summary>The seed of every job, so a chunk made again looks the same.</summary>
    public int Seed { get; set; } = 7;

    /// <summary>Chunks the worker has submitted or waits for at once; the server queues the rest of its own accord.</summary>
    [Range(1, 64)]
    public int MaxJobsAtOnce { get; set; } = 4;
}
