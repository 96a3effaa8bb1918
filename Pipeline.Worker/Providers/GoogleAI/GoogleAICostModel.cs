using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Providers.NeoVerse;
using VideoGen.Worker.Review;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Vertex prices from configuration: clips are priced per second of video, scripts per lesson, narration per minute (as long as the length setting makes it), and a
/// Gemini review by the tokens of watching the video once and writing its quiz.
/// </summary>
public sealed class GoogleAICostModel(
    IOptions<GoogleAIOptions> options, IOptions<ReviewOptions> review, IOptions<WorkerOptions> worker, IOptions<NeoVerseOptions> neoVerse)
    : ICostModel
{
    private const double TitleCardSeconds = 4;

    // A quiz reads a lesson of a few pages and writes a few hundred tokens (thinking included); the review's prompt and
    // verdict are about as long.
    private const long QuizInputTokens = 2_000;
    private const long QuizOutputTokens = 1_000;
    private const long VerdictInputTokens = 600;
    private const long VerdictOutputTokens = 1_000;

    public CostEstimate Estimate(IReadOnlyList<Lesson> toMake)
    {
        var lessons = toMake.Count;
        var length = new VideoLength(worker.Value.Length);
        var vertex = options.Value;
        var scenesPerClip = VeoFootage.ScenesPerClip(worker.Value, neoVerse.Value);
        var clips = lessons * ((vertex.MaxClipsPerLesson + scenesPerClip - 1) / scenesPerClip);
        var seconds = clips * vertex.ClipSeconds;
        // The script is written to the length's minutes of narration, which TTS then speaks.
        var narrationMinutes = toMake.Sum(l => length.MinutesFor(l.Text));
        var dollars = lessons * vertex.Prices.PerScript
                      + (decimal)narrationMinutes * vertex.Prices.PerNarrationMinute
                      + seconds * vertex.Prices.PerVideoSecond;
        var (reviewTokens, reviewDollars) = review.Value.Mode == ReviewOptions.Gemini ? Review(lessons, narrationMinutes * 60) : (0, 0m);
        return new CostEstimate(lessons, clips, seconds, Math.Round(dollars + reviewDollars, 2), reviewTokens, Math.Round(reviewDollars, 2), narrationMinutes);
    }

    private (long Tokens, decimal Dollars) Review(int lessons, double narrationSeconds)
    {
        var prices = options.Value.Prices;
        var watched = (long)((narrationSeconds + lessons * TitleCardSeconds) * review.Value.TokensPerVideoSecond);
        var input = watched + lessons * (QuizInputTokens + VerdictInputTokens);
        var output = lessons * (QuizOutputTokens + VerdictOutputTokens);
        return (input + output, (input * prices.PerMillionTextInputTokens + output * prices.PerMillionTextOutputTokens) / 1_000_000m);
    }
}
