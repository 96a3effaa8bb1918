using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker.Review;

/// <summary>How every video is looked at before it is stored, and what is done when it fails.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Review";

    public const string Off = "off";
    public const string Local = "local";

    /// <summary><c>off</c>, or <c>local</c>: automatic checks with ffmpeg.</summary>
    [RegularExpression("^(off|local)$", ErrorMessage = "Review:Mode (--review) must be off or local.")]
    public string Mode { get; set; } = Local;

    /// <summary>How many times a failing video's offending scenes are made again (a new clip, or a new render).</summary>
    [Range(0, 3)]
    public int MaxRemakes { get; set; } = 1;

    /// <summary>Black picture at least this long is a finding.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan MinBlack { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Silence inside the narration at least this long is a finding (the designed pauses are shorter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00")]
    public TimeSpan MinSilence { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The speech loudness aimed at, in LUFS; further than <see cref="LoudnessTolerance"/> from it is a finding.</summary>
    [Range(-50, 0)]
    public double LoudnessTarget { get; set; } = -20;

    [Range(1, 40)]
    public double LoudnessTolerance { get; set; } = 10;

    /// <summary>How long the checks' ffmpeg run may take before it counts as hung.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "02:00:00")]
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
