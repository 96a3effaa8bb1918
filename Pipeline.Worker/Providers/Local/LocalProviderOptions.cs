using System.ComponentModel.DataAnnotations;
using VideoGen.Worker.Slides;

namespace VideoGen.Worker.Providers.Local;

/// <summary>Settings of the offline provider (rule-based script, espeak-ng narration, ffmpeg slides).</summary>
public sealed class LocalProviderOptions
{
    public const string Section = "Providers:Local";

    [Range(10, 500)]
    public int WordsPerScene { get; set; } = 45;

    /// <summary>The most scenes a video has, however long; the length decides how many below that.</summary>
    [Range(1, 60)]
    public int MaxScenes { get; set; } = 30;

    /// <summary>espeak-ng voice, e.g. <c>en-us</c> or <c>en-gb</c>.</summary>
    [Required, RegularExpression("^[A-Za-z0-9+_-]{1,40}$", ErrorMessage = "Voice must be an espeak-ng voice name such as en-us.")]
    public string Voice { get; set; } = "en-us";

    [Range(80, 450)]
    public int WordsPerMinute { get; set; } = 160;

    /// <summary>Silence between the title and each scene, in milliseconds.</summary>
    [Range(0, 5000)]
    public int PauseMilliseconds { get; set; } = 400;

    /// <summary>The slides' typeface; characters it lacks come from whichever installed font has them (Noto, say).</summary>
    [Required]
    public string FontFile { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    [Required]
    public string BoldFontFile { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    /// <summary>The monospace typeface of code on slides.</summary>
    [Required]
    public string CodeFontFile { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

    /// <summary>The slide painter with these fonts.</summary>
    /// <param name="presenter">Whether a presenter takes the bottom right corner, which the slides' text then leaves free.</param>
    public SlidePainter Painter(bool presenter = false) => new(new SlideFonts(FontFile, BoldFontFile, CodeFontFile), presenter);

    /// <summary>x264 preset: faster presets make larger files.</summary>
    [Required, RegularExpression("^(ultrafast|superfast|veryfast|faster|fast|medium|slow)$")]
    public string VideoPreset { get; set; } = "veryfast";

    /// <summary>
    /// Encodes every frame at 30 fps, for players or upload services that need a constant frame rate. Without it only the
    /// frames where something moves are encoded, and a still picture's frame lasts until the next: the same video to
    /// watch, at a fraction of the CPU.
    /// </summary>
    public bool ConstantFrameRate { get; set; }

    /// <summary>Draws the subtitles into the picture as well as writing them beside the video.</summary>
    public bool BurnSubtitles { get; set; }

    /// <summary>How long one espeak-ng or ffmpeg run may take before it counts as hung.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "02:00:00")]
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
