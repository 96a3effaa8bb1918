using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Review;

/// <summary>Where each part of the narration is in the video, and which parts show a generated clip.</summary>
internal sealed class SceneMap(Narration narration, LessonFootage footage)
{
    private readonly HashSet<int> _clips = [.. footage.Clips.Select(c => c.Segment)];

    public int? SegmentAt(TimeSpan time)
    {
        var segments = narration.Segments;
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            if (time >= segments[i].Start)
            {
                return i;
            }
        }

        return segments.Count > 0 ? 0 : null;
    }

    /// <summary>How long the segment shows: until the next one starts, or the narration ends.</summary>
    public TimeSpan Duration(int segment) =>
        (segment + 1 < narration.Segments.Count ? narration.Segments[segment + 1].Start : narration.Duration) - narration.Segments[segment].Start;

    public bool IsClip(int? segment) => segment is { } s && _clips.Contains(s);

    /// <summary>" (scene 2, generated clip)", " (title card)", or nothing when the place is not known.</summary>
    public string Describe(int? segment) => segment switch
    {
        null => "",
        0 => " (title card)",
        { } s when IsClip(s) => $" (scene {s}, generated clip)",
        { } s => $" (scene {s})",
    };
}
