using System.Globalization;
using System.Text;
using VideoGen.Worker.Slides;

namespace VideoGen.Worker.Composition;

/// <summary>
/// Paints the title card and the slide of every scene not covered by a clip, each once, and lists them with how long
/// each shows in an ffconcat file, the video's first input. With the camera moving, the title card is also painted as
/// two layers for the parallax of its move (drawn by <see cref="DrawnMoveFrames"/>): its background in that list while
/// the move lasts, then the whole title card.
/// </summary>
public static class SlideList
{
    public const string FileName = "slides.ffconcat";
    public const string TitleCard = "title.png";

    /// <summary>The title card's layers, for its camera move: its rings, and its text over them.</summary>
    public const string TitleBackground = "title-back.png";
    public const string TitleText = "title-text.png";

    /// <summary>The picture a segment shows in the list: the title card, a scene's slide, or the background under its clip.</summary>
    public static string PictureOf(CompositionPlan plan, int segment) =>
        segment == 0 ? TitleCard : plan.HasClip(segment) ? "background.png" : $"scene{segment}.png";

    public static void Write(SlidePainter painter, CompositionPlan plan, string folder, AssetPictures pictures)
    {
        var list = new StringBuilder("ffconcat version 1.0\n");
        var segments = plan.Narration.Segments;
        for (var i = 0; i < segments.Count; i++)
        {
            var file = PictureOf(plan, i);
            var path = Path.Combine(folder, file);
            var start = segments[i].Start;
            if (i == 0)
            {
                painter.PaintTitleCard(plan.Script, path);
                if (plan.TitleMove is { } move)
                {
                    painter.PaintTitleCard(plan.Script, Path.Combine(folder, TitleBackground), Path.Combine(folder, TitleText));
                    Append(list, TitleBackground, move, last: false);
                    start = move;
                }
            }
            else if (file == "background.png")
            {
                SlidePainter.PaintBackground(path);
            }
            else
            {
                painter.PaintScene(plan.Script, i, path, pictures: pictures);
            }

            Append(list, file, plan.SegmentEnd(i) - start, last: i == segments.Count - 1);
        }

        File.WriteAllText(Path.Combine(folder, FileName), list.ToString());
    }

    private static void Append(StringBuilder list, string file, TimeSpan duration, bool last)
    {
        list.Append(CultureInfo.InvariantCulture, $"file {file}\nduration {FilterGraph.Seconds(duration)}\n");
        if (last)
        {
            // The demuxer gives the last picture no time of its own unless it is listed once more.
            list.Append(CultureInfo.InvariantCulture, $"file {file}\n");
        }
    }
}
