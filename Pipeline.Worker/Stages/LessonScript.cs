using VideoGen.Worker.Lessons;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Stages;

/// <summary>What the enhance stage makes of a lesson: a title and the scenes of the video, in the lesson's language.</summary>
public sealed record LessonScript(string Title, string CourseTitle, IReadOnlyList<Scene> Scenes)
{
    /// <summary>The lesson's language, as the catalog gives it or as detected.</summary>
    public LanguageChoice Language { get; init; } = new("en", Detected: false);

    public int WordCount => Scenes.Sum(s => s.Narration.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

    /// <summary>What is spoken, in order: the title, then each scene's narration.</summary>
    public IEnumerable<string> SpokenParts() => Scenes.Select(s => s.Narration).Prepend(Title.TrimEnd('.') + ".");
}

/// <param name="Narration">What the instructor says, plain text.</param>
/// <param name="OnScreenText">What the slide shows while the scene plays.</param>
/// <param name="VisualPrompt">A description of the picture, for providers that generate one.</param>
public sealed record Scene(string Narration, string OnScreenText, string VisualPrompt)
{
    /// <summary>The heading of the lesson's section the scene comes from, shown above its slide; empty for none.</summary>
    public string Heading { get; init; } = "";

    /// <summary>The lesson's table, diagram, picture or code that the slide shows beside its key points.</summary>
    public LessonAsset? Asset { get; init; }
}

/// <summary>The narration of a whole lesson as one WAV file, with where each part of it starts.</summary>
/// <param name="Segments">The title first, then one segment per scene, in order.</param>
public sealed record Narration(string WavPath, IReadOnlyList<NarrationSegment> Segments, TimeSpan Duration)
{
    /// <summary>The voice that spoke it, where the narrator chooses one per lesson.</summary>
    public string? Voice { get; init; }

    /// <summary>What the listener should know about the narration, such as a language spoken with another's voice.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record NarrationSegment(string Text, TimeSpan Start, TimeSpan Duration)
{
    public TimeSpan End => Start + Duration;
}

/// <summary>The files a render produced, in the lesson's temporary work folder.</summary>
/// <param name="LostClips">Generated clips whose answer was lost after they were requested (and perhaps paid for); their
/// scenes were rendered without them.</param>
public sealed record RenderedVideo(string VideoPath, string ThumbnailPath, string SubtitlesPath, IReadOnlyList<LostClip>? LostClips = null)
{
    /// <summary>What the report should say about how the video was made, such as a shot made locally instead.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A generated clip whose answer was lost: the scene (from 1), what was asked for, and what happened.</summary>
public sealed record LostClip(int Scene, string Prompt, string Reason);
