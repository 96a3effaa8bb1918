using System.Globalization;
using System.Text.RegularExpressions;

namespace VideoGen.Tests.Support;

public sealed record Cue(TimeSpan Start, TimeSpan End, string Text);

/// <summary>A small WebVTT reader, written from the format's rules rather than from the code that writes the files.</summary>
public static partial class WebVttFile
{
    [GeneratedRegex(@"^(\d{2}:\d{2}:\d{2}\.\d{3}) --> (\d{2}:\d{2}:\d{2}\.\d{3})$")]
    private static partial Regex Timing();

    public static IReadOnlyList<Cue> Parse(string text)
    {
        var blocks = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("WEBVTT", blocks[0]);
        var cues = new List<Cue>();
        foreach (var block in blocks.Skip(1))
        {
            var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var timingLine = Array.FindIndex(lines, l => l.Contains("-->", StringComparison.Ordinal));
            var match = Timing().Match(lines[timingLine]);
            Assert.True(match.Success, $"bad cue timing: {lines[timingLine]}");
            cues.Add(new Cue(Time(match.Groups[1].Value), Time(match.Groups[2].Value), string.Join(' ', lines.Skip(timingLine + 1))));
        }

        return cues;
    }

    private static TimeSpan Time(string value) => TimeSpan.ParseExact(value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}
