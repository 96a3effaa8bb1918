using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Composition;

/// <summary>The camera move a scene gets, over its slide or its clip.</summary>
public enum CameraMove
{
    /// <summary>Starts slightly close and eases back to the whole picture.</summary>
    PullOut,

    /// <summary>Eases slightly closer as the scene ends.</summary>
    PushIn,

    /// <summary>Drifts left (or right) onto the whole picture while pulling back to it.</summary>
    PanLeft,
    PanRight,

    /// <summary>Drifts down onto the whole picture from slightly above while pulling back to it.</summary>
    Tilt,
}

/// <summary>
/// Gentle camera moves computed on the CPU: each scene gets one, chosen from its text, so the same lesson always moves
/// the same way. A move lasts at most <see cref="MaxMoveSeconds"/> and starts or ends on the whole picture, so the
/// rest of the scene is the picture itself, still and sharp to read, and costs nothing to draw or encode. The zoom
/// never exceeds <see cref="MaxZoom"/>: what it crops (under 40 px a side) is inside the slides' 80 px margin, so text
/// always stays in the frame. Each move is an ffmpeg <c>perspective</c> filter (sub-pixel, so slow drifts do not
/// judder) enabled only for its moment.
/// </summary>
public static class CameraMoves
{
    public const double MaxZoom = 1.06;
    public const double MaxMoveSeconds = 1.2;

    // A move takes at most this share of its scene, so a short scene is mostly still.
    private const double MaxShareOfScene = 0.45;

    /// <summary>Whether a scene this long gets a move at all: a shorter one would be over before it is seen.</summary>
    public static bool Moves(double sceneSeconds) => sceneSeconds >= 0.5;

    public static CameraMove For(int segment, string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{segment}\n{text}"));
        return segment == 0 ? CameraMove.PullOut : (CameraMove)(hash[0] % 5);
    }

    /// <summary>The move's window in the scene [start, end) of the video, in seconds.</summary>
    public static (double From, double To) Window(CameraMove move, double start, double end)
    {
        var length = Math.Min(MaxMoveSeconds, (end - start) * MaxShareOfScene);
        return move == CameraMove.PushIn ? (end - length, end) : (start, start + length);
    }

    /// <summary>
    /// The filters (comma-joined, to follow a 30 fps stream) that move the camera in the segments of the narration
    /// <paramref name="moving"/> picks, at <paramref name="strength"/> (1: the full move; less for a layer further
    /// back, which moves less).
    /// </summary>
    public static string Filters(Narration narration, IReadOnlyList<string> texts, int framesPerSecond, Func<int, bool> moving, double strength = 1)
    {
        var filters = Moves(narration, texts, moving).Select(m => Filter(m.Move, m.From, m.To, framesPerSecond, strength));
        return string.Join(',', filters);
    }

    /// <summary>When the moves of the segments <paramref name="moving"/> picks happen, in seconds of the video.</summary>
    public static IEnumerable<(double From, double To)> Windows(Narration narration, IReadOnlyList<string> texts, Func<int, bool> moving) =>
        Moves(narration, texts, moving).Select(m => (m.From, m.To));

    private static IEnumerable<(CameraMove Move, double From, double To)> Moves(Narration narration, IReadOnlyList<string> texts, Func<int, bool> moving)
    {
        for (var i = 0; i < narration.Segments.Count; i++)
        {
            var start = narration.Segments[i].Start.TotalSeconds;
            var end = i + 1 < narration.Segments.Count ? narration.Segments[i + 1].Start.TotalSeconds : narration.Duration.TotalSeconds;
            if (!Moves(end - start) || !moving(i))
            {
                continue;
            }

            var move = For(i, i < texts.Count ? texts[i] : "");
            var (from, to) = Window(move, start, end);
            yield return (move, from, to);
        }
    }

    /// <summary>
    /// The same move as <see cref="Filter"/> draws, as numbers: the source rectangle shown in the whole frame at a frame of
    /// the window (as the filter counts it: <paramref name="frameNumber"/> is the frame's number on the video's timeline).
    /// </summary>
    public static (double Left, double Top, double Right, double Bottom) Rectangle(
        CameraMove move, int frameNumber, int framesPerSecond, double from, double to, double width, double height, double strength = 1)
    {
        // The filter's frame count starts at 1 (it names the frame after those it has seen): the same progress here.
        var p = Math.Clamp(((frameNumber + 1.0) / framesPerSecond - from) / (to - from), 0, 1);
        var eased = p * p * (3 - 2 * p);
        var zoomIn = (MaxZoom - 1) * strength;
        var z = move == CameraMove.PushIn ? 1 + zoomIn * eased : 1 + zoomIn * (1 - eased);
        var (sx, sy) = move switch
        {
            CameraMove.PanLeft => (1, 0),
            CameraMove.PanRight => (-1, 0),
            CameraMove.Tilt => (0, -1),
            _ => (0, 0),
        };
        var (roomX, roomY) = (width / 2 - width / (2 * z), height / 2 - height / (2 * z));
        return (roomX + sx * roomX, roomY + sy * roomY, width - roomX + sx * roomX, height - roomY + sy * roomY);
    }

    private static string Filter(CameraMove move, double from, double to, int framesPerSecond, double strength)
    {
        // p: progress through the window from the frame number (perspective knows no time), eased at both ends.
        var p = F($"clip((in/{framesPerSecond}-{from})/{to - from},0,1)");
        var eased = $"({p}*{p}*(3-2*{p}))";
        var zoomIn = (MaxZoom - 1) * strength;
        // z: the zoom; sx, sy: where the crop's centre sits, as a share of the room the zoom leaves on each side.
        var (z, sx, sy) = move switch
        {
            CameraMove.PullOut => (F($"(1+{zoomIn}*(1-{eased}))"), "0", "0"),
            CameraMove.PushIn => (F($"(1+{zoomIn}*{eased})"), "0", "0"),
            CameraMove.PanLeft => (F($"(1+{zoomIn}*(1-{eased}))"), "1", "0"),
            CameraMove.PanRight => (F($"(1+{zoomIn}*(1-{eased}))"), "-1", "0"),
            _ => (F($"(1+{zoomIn}*(1-{eased}))"), "0", "-1"),
        };
        // The source rectangle sent to the frame's corners: W/z wide, shifted by at most the room the zoom leaves.
        var left = $"(W/2-W/(2*{z})+{sx}*(W/2-W/(2*{z})))";
        var right = $"(W/2+W/(2*{z})+{sx}*(W/2-W/(2*{z})))";
        var top = $"(H/2-H/(2*{z})+{sy}*(H/2-H/(2*{z})))";
        var bottom = $"(H/2+H/(2*{z})+{sy}*(H/2-H/(2*{z})))";
        return $"perspective=x0='{left}':y0='{top}':x1='{right}':y1='{top}':x2='{left}':y2='{bottom}':x3='{right}':y3='{bottom}'" +
               F($":interpolation=linear:sense=source:eval=frame:enable='between(t,{from},{to})'");
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
