using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker.Review;

/// <summary>How every video is looked at before it is stored, and what is done when it fails.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Review";

    public const string Off = "off";
    public const string Local = "local";
    public const string Gemini = "gemini";

    /// <summary>
    /// <c>off</c>; <c>local</c>: automatic checks with ffmpeg; <c>gemini</c>: those checks, then Gemini watches the video
    /// against its lesson and takes a short quiz on it (needs the vertex or gemini provider).
    /// </summary>
    [RegularExpression("^(off|local|gemini)$", ErrorMessage = "Review:Mode (--review) must be off, local or gemini.")]
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

    /// <summary>How many quiz questions are written from the lesson text for Gemini to answer from the video alone.</summary>
    [Range(1, 10)]
    public int QuizQuestions { get; set; } = 3;

    /// <summary>The fraction of quiz questions the video must let Gemini answer right; fewer is a finding.</summary>
    [Range(0.0, 1.0)]
    public double MinQuizScore { get; set; } = 0.66;

    /// <summary>
    /// Videos up to this size are sent to Gemini inline, in the request; larger ones need <c>Vertex:OutputStorageUri</c>, where
    /// every video to review is uploaded and referred to by its <c>gs://</c> URI instead. Base64 makes the request a third
    /// larger, and Vertex takes inline data up to about 20 MB.
    /// </summary>
    [Range(1, 15)]
    public int MaxInlineMegabytes { get; set; } = 14;

    /// <summary>
    /// What a second of video costs Gemini to watch, for estimates before a run (frames sampled once a second plus the
    /// sound, at the default media resolution). The answers' own token counts are what the report gives.
    /// </summary>
    [Range(10, 2000)]
    public int TokensPerVideoSecond { get; set; } = 300;
}
