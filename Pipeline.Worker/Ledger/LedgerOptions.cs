using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker.Ledger;

/// <summary>
/// How the Redis ledger treats other workers and outages. Bound to the <c>Pipeline</c> section beside the graph's
/// own settings, where users look for them.
/// </summary>
public sealed class LedgerOptions
{
    public const string Section = "Pipeline";

    /// <summary>
    /// How long a worker's claim on a lesson lasts without renewal (it is renewed every third of it while the
    /// lesson is worked on). When a worker dies, others take its lessons over after at most this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a finished lesson waits for Redis to come back before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "06:00:00")]
    public TimeSpan RedisOutageTolerance { get; set; } = TimeSpan.FromMinutes(30);
}
