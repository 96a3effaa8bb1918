using System.Globalization;

namespace VideoGen.Worker.Lessons;

/// <summary>
/// How long a lesson's video should be: <c>standard</c> grows with the lesson, a minute of narration per 700 words of it,
/// from 1 to 6 minutes; <c>short</c> is a summary of about 80 seconds whatever the lesson; <c>long</c> is half as long
/// again as standard, from 1.5 to 9 minutes; a number is that many minutes for every lesson.
/// </summary>
public sealed record VideoLength(string Setting)
{
    public const string Short = "short";
    public const string Standard = "standard";
    public const string Long = "long";

    /// <summary>
    /// Words of lesson per minute of narration. A reader takes about three minutes over 700 words (238 words a minute is
    /// the adult average for non-fiction), so the video takes a third of the reading time: what a spoken overview of a
    /// lesson can cover at 160 words a minute without reading it out.
    /// </summary>
    public const double LessonWordsPerMinute = 700;

    public const double ShortMinutes = 1.2;
    public const double MinMinutes = 0.5;
    public const double MaxMinutes = 20;

    public static bool IsValid(string setting) => setting is Short or Standard or Long || FixedMinutes(setting) is not null;

    /// <summary>Minutes of narration for a lesson of <paramref name="lessonWords"/> words.</summary>
    public double Minutes(int lessonWords) => Setting switch
    {
        Short => ShortMinutes,
        Long => Math.Clamp(1.5 * lessonWords / LessonWordsPerMinute, 1.5, 9),
        Standard => Math.Clamp(lessonWords / LessonWordsPerMinute, 1, 6),
        _ => FixedMinutes(Setting) ?? throw new InvalidOperationException($"'{Setting}' is not a video length"),
    };

    /// <summary>Minutes of narration for a lesson's markdown.</summary>
    public double MinutesFor(string markdown) => Minutes(MarkdownLessonReader.Read(markdown).WordCount);

    /// <summary>The narration's word budget at <paramref name="wordsPerMinute"/>.</summary>
    public int WordBudget(int lessonWords, int wordsPerMinute) => Math.Max(10, (int)Math.Round(Minutes(lessonWords) * wordsPerMinute));

    /// <summary>The most scenes a script of this length has: its word budget in scenes of <paramref name="wordsPerScene"/> words.</summary>
    public int MaxScenes(int lessonWords, int wordsPerMinute, int wordsPerScene, int maxScenes) =>
        Math.Clamp((int)Math.Round(WordBudget(lessonWords, wordsPerMinute) / (double)wordsPerScene), 1, maxScenes);

    private static double? FixedMinutes(string setting) =>
        double.TryParse(setting, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes is >= MinMinutes and <= MaxMinutes ? minutes : null;
}
