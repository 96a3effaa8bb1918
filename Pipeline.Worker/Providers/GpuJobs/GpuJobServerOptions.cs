using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker.Providers.GpuJobs;

/// <summary>Where a GPU job server is and how long its answers are waited for; each model's server has its own section.</summary>
public abstract class GpuJobServerOptions
{
    /// <summary>The server's base address, e.g. <c>http://gpu-host:8000</c>.</summary>
    public string? Url { get; set; }

    /// <summary>The bearer token the server expects, if it was given one. Never logged or reported.</summary>
    public string? Token { get; set; }

    /// <summary>How often a job is asked after; also the first wait when the server is busy.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest a job may take from its submission to its output before the lesson goes on without it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long busy (429) and starting (503) answers are waited out, in all, before the lesson goes on without the job.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest one request may take: a submission carries its media in the body.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Submissions that could not reach the server at all before it is taken for down.</summary>
    [Range(1, 20)]
    public int ConnectAttempts { get; set; } = 3;

    /// <summary>
    /// Requests in a row that get no answer (unreachable, timed out) before the server is taken for down: then nothing
    /// is sent to it for <see cref="BreakDuration"/>, and scenes go on without it at once.
    /// </summary>
    [Range(2, 100)]
    public int BreakAfter { get; set; } = 3;

    /// <summary>How long a server taken for down is left alone before <c>/healthz</c> is asked whether it is back.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long <c>/healthz</c> may take to answer before the first job is sent (and after a break).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
