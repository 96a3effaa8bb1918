using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker.Progress;

public enum ProgressMode
{
    /// <summary>A live display on an interactive terminal, progress lines otherwise.</summary>
    Auto,
    Live,
    Log,
    Off,
}

public sealed class ProgressOptions
{
    public const string Section = "Progress";

    public ProgressMode Mode { get; set; } = ProgressMode.Auto;

    /// <summary>How often a non-interactive run logs a progress line.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    public ProgressMode Resolve(bool interactiveTerminal) => Mode switch
    {
        ProgressMode.Auto => interactiveTerminal ? ProgressMode.Live : ProgressMode.Log,
        _ => Mode,
    };
}
