using System.Globalization;
using System.Text;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// Builds the ffmpeg filter that draws the slides: a title card, then one slide per scene, each shown while
/// its part of the narration plays. Slide texts go into text files next to the filter so that no lesson text
/// ever has to be escaped into the filter syntax.
/// </summary>
internal sealed class SlideFilter(string fontFile, string boldFontFile)
{
    public const int Width = 1280;
    public const int Height = 720;

    private const string Background = "0x0f172a";
    private const string Accent = "0x38bdf8";
    private const string Muted = "0x94a3b8";
    private const int Margin = 80;

    // Average advance of DejaVu Sans characters in running text, as a fraction of the font size.
    private const double RegularCharWidth = 0.58;
    private const double BoldCharWidth = 0.66;

    /// <summary>Writes the text files into <paramref name="folder"/> and returns the filter chain.</summary>
    public string Build(LessonScript script, IReadOnlyList<NarrationSegment> segments, string folder)
    {
        var filters = new List<string>
        {
            $"drawbox=x=0:y=0:w=iw:h=10:color={Accent}:t=fill",
        };

        var title = segments[0];
        var titleLines = Fit(script.Title, maxLines: 4, sizes: [64, 54, 46, 38], BoldCharWidth, out var titleSize);
        filters.Add(Text(folder, "title.txt", titleLines, boldFontFile, titleSize, "white", "(w-text_w)/2", "(h-text_h)/2", title));
        if (script.CourseTitle.Length > 0)
        {
            var courseTitle = TextWrap.Lines(script.CourseTitle, 60).Take(1);
            filters.Add(Text(folder, "course.txt", courseTitle, fontFile, 30, Accent, "(w-text_w)/2", "h/2-190", title));
        }

        for (var i = 1; i < segments.Count; i++)
        {
            var scene = script.Scenes[i - 1];
            var header = TextWrap.Lines(script.Title, 56).Take(1);
            filters.Add(Text(folder, $"header{i}.txt", header, boldFontFile, 30, Muted, Margin.ToString(CultureInfo.InvariantCulture), "50", segments[i]));
            filters.Add(Text(folder, $"counter{i}.txt", [$"{i} / {segments.Count - 1}"], fontFile, 26, Muted, $"w-text_w-{Margin}", "54", segments[i]));
            var body = Fit(scene.OnScreenText, maxLines: 9, sizes: [42, 36, 30, 26], RegularCharWidth, out var bodySize);
            filters.Add(Text(folder, $"body{i}.txt", body, fontFile, bodySize, "white", Margin.ToString(CultureInfo.InvariantCulture), "140", segments[i]));
        }

        return string.Join(",\n", filters);
    }

    /// <summary>Picks the largest font size at which the text fits in the given number of lines.</summary>
    /// <param name="charWidth">The font's average character width as a fraction of its size.</param>
    private static IReadOnlyList<string> Fit(string text, int maxLines, int[] sizes, double charWidth, out int size)
    {
        IReadOnlyList<string> lines = [];
        foreach (var candidate in sizes)
        {
            size = candidate;
            lines = TextWrap.Lines(text, (int)((Width - 2 * Margin) / (candidate * charWidth)));
            if (lines.Count <= maxLines)
            {
                return lines;
            }
        }

        size = sizes[^1];
        return [.. lines.Take(maxLines - 1), lines[maxLines - 1] + "..."];
    }

    private static string Text(
        string folder, string file, IEnumerable<string> lines, string font, int size, string color, string x, string y,
        NarrationSegment shownDuring)
    {
        File.WriteAllText(Path.Combine(folder, file), string.Join('\n', lines), new UTF8Encoding(false));
        var from = shownDuring.Start.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var to = shownDuring.End.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return $"drawtext=fontfile={Quote(font)}:textfile={file}:expansion=none:fontsize={size}:fontcolor={color}" +
               $":line_spacing=14:x={x}:y={y}:enable='gte(t,{from})*lt(t,{to})'";
    }

    // Filter option values are quoted with '...'; a quote itself is closed, escaped and reopened.
    private static string Quote(string value) => "'" + value.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
}
