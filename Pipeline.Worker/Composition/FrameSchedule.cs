using System.Globalization;

namespace VideoGen.Worker.Composition;

/// <summary>
/// Which frames of the video's 30 fps timeline are encoded. A lesson video is still pictures for almost all of its
/// length, so only frames where something moves (a camera move, a clip, a presenter) are encoded one by one; a still
/// picture is encoded once where it starts and again once a second (so that players and re-encoders never wait long
/// for a frame), and each encoded frame lasts until the next. Every frame keeps its place on the 30 fps grid, so what
/// is shown at any moment is exactly what the constant frame rate video shows.
/// </summary>
public sealed class FrameSchedule
{
    /// <summary>The longest a still picture goes without a frame, in frames.</summary>
    public const int KeepAliveFrames = 30;

    private readonly List<(int First, int Last)> _runs;

    private FrameSchedule(int totalFrames, List<(int First, int Last)> runs) => (TotalFrames, _runs) = (totalFrames, runs);

    /// <summary>Frames of the whole video at the full frame rate.</summary>
    public int TotalFrames { get; }

    /// <summary>Runs of frames encoded one by one, in order, none touching another: first and last frame, inclusive.</summary>
    public IReadOnlyList<(int First, int Last)> Runs => _runs;

    /// <param name="duration">The video's length.</param>
    /// <param name="moving">Spans of time (seconds) in which the picture may change from frame to frame.</param>
    /// <param name="changes">Moments (seconds) at which a still picture gives way to another.</param>
    public static FrameSchedule Plan(TimeSpan duration, int framesPerSecond, IEnumerable<(double From, double To)> moving, IEnumerable<double> changes)
    {
        var total = Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds * framesPerSecond - 1e-6));
        var wanted = new List<(int First, int Last)>();
        foreach (var (from, to) in moving)
        {
            // A frame more on each side: the filters decide by time, and a frame's time is rounded to the grid.
            wanted.Add(((int)Math.Floor(from * framesPerSecond) - 1, (int)Math.Ceiling(to * framesPerSecond) + 1));
        }

        foreach (var change in changes)
        {
            // The frame a new picture first shows on, as the frame rate filter rounds, with one either side of it.
            var frame = (int)Math.Round(change * framesPerSecond, MidpointRounding.AwayFromZero);
            wanted.Add((frame - 1, frame + 1));
        }

        // The first frame, and the last two: the video starts with a picture and lasts to its end. ffmpeg drops a last
        // frame that would end after the output's limit, so the one before it is what carries the picture to the end.
        wanted.Add((0, 0));
        wanted.Add((total - 2, total - 1));

        var runs = new List<(int First, int Last)>();
        foreach (var (first, last) in wanted.Select(w => (First: Math.Max(0, w.First), Last: Math.Min(total - 1, w.Last))).Where(w => w.First <= w.Last).OrderBy(w => w.First))
        {
            if (runs.Count > 0 && first <= runs[^1].Last + 1)
            {
                runs[^1] = (runs[^1].First, Math.Max(runs[^1].Last, last));
            }
            else
            {
                runs.Add((first, last));
            }
        }

        return new FrameSchedule(total, runs);
    }

    /// <summary>Every frame, as a constant frame rate video has.</summary>
    public static FrameSchedule Every(TimeSpan duration, int framesPerSecond)
    {
        var total = Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds * framesPerSecond - 1e-6));
        return new FrameSchedule(total, [(0, total - 1)]);
    }

    public bool IsEveryFrame => _runs is [(0, var last)] && last == TotalFrames - 1;

    public bool Encodes(int frame) =>
        frame >= 0 && frame < TotalFrames && (frame % KeepAliveFrames == 0 || _runs.Any(r => frame >= r.First && frame <= r.Last));

    public int EncodedFrames => Enumerable.Range(0, TotalFrames).Count(Encodes);

    /// <summary>The ffmpeg <c>select</c> expression that keeps exactly the frames this schedule encodes (n: the frame's number).</summary>
    public string SelectExpression() =>
        string.Join('+', _runs.Select(r => r.First == r.Last ? F($"eq(n,{r.First})") : F($"between(n,{r.First},{r.Last})"))
            .Append(F($"not(mod(n,{KeepAliveFrames}))")));

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
