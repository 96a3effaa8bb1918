using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Providers.NeoVerse;
using VideoGen.Worker.Review;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Vertex prices from configuration: clips are priced per second of video, scripts and narration per lesson, and a
/// Gemini review by the tokens of watching the video once and writing its quiz.
/// </summary>
public sealed class GoogleAICostModel(
    IOptions<GoogleAIOptions> options, IOptions<LocalProviderOptions> script, IOptions<ReviewOptions> review, IOptions<WorkerOptions> worker, IOptions<NeoVerseOptions> neoVerse)
    : ICostModel
{
    // Gemini TTS speaks at about this rate; the narration of a lesson is at most the word budget.
    private const double WordsPerMinute = 150;
    private const double TitleCardSeconds = 4;

    // A quiz reads a lesson of a few pages and writes a few hundred tokens (thinking included); the review's prompt and
    // verdict are about as long.
    private const long QuizInputTokens = 2_000;
    private const long QuizOutputTokens = 1_000;
    private const long VerdictInputTokens = 600;
    private const long VerdictOutputTokens = 1_000;

    public CostEstimate Estimate(int lessons)
    {
        var vertex = options.Value;
        var scenesPerClip = VeoFootage.ScenesPerClip(worker.Value, neoVerse.Value);
        var clips = lessons * ((vertex.MaxClipsPerLesson + scenesPerClip - 1) / scenesPerClip);
        var seconds = clips * vertex.ClipSeconds;
        var narrationMinutes = lessons * script.Value.WordBudget / WordsPerMinute;
        var dollars = lessons * vertex.Prices.PerScript
                      + (decimal)narrationMinutes * vertex.Prices.PerNarrationMinute
                      + seconds * vertex.Prices.PerVideoSecond;
        var (reviewTokens, reviewDollars) = review.Value.Mode == ReviewOptions.Gemini ? Review(lessons, narrationMinutes * 60) : (0, 0m);
        return new CostEstimate(lessons, clips, seconds, Math.Round(dollars + reviewDollars, 2), reviewTokens, Math.Round(reviewDollars, 2));
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
