using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Providers.GoogleAI.Pricing;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Providers.NeoVerse;
using VideoGen.Worker.Review;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// The dry run's estimate at each chosen model's price: clips by the second, a script by the tokens of reading the
/// lesson and writing it, narration by the minute (as long as the length setting makes it, at Gemini TTS's 25 audio
/// tokens a second), illustrations by the image (a scene each at most, as many as the length allows), and a Gemini review by the tokens of watching the video once and writing its quiz. Veo's other
/// tiers are priced beside it.
/// </summary>
public sealed class GoogleAICostModel(
    GoogleAIPricing pricing, IOptions<GoogleAIOptions> options, IOptions<ReviewOptions> review, IOptions<WorkerOptions> worker, IOptions<NeoVerseOptions> neoVerse,
    IOptions<LocalProviderOptions> script)
    : ICostModel
{
    private const double TitleCardSeconds = 4;

    // A script's prompt is the lesson (a token per 4 characters) and about 1,500 tokens of instructions and schema; its
    // answer, thinking included, a few thousand.
    private const long ScriptPromptTokens = 1_500;
    private const long ScriptAnswerTokens = 4_000;

    // A minute of narration: about 150 words of text in (1.4 tokens a word), 60 s of audio out at 25 tokens a second.
    private const long NarrationTextTokensPerMinute = 210;
    private const long NarrationAudioTokensPerMinute = 1_500;

    // A quiz reads a lesson of a few pages and writes a few hundred tokens (thinking included); the review's prompt and
    // verdict are about as long.
    private const long QuizInputTokens = 2_000;
    private const long QuizOutputTokens = 1_000;
    private const long VerdictInputTokens = 600;
    private const long VerdictOutputTokens = 1_000;

    public CostEstimate Estimate(IReadOnlyList<Lesson> toMake)
    {
        var google = options.Value;
        var estimate = EstimateWith(toMake, google.VideoModel);
        var alternatives = estimate.Clips == 0 ? [] : PublishedPrices.VeoTiers(pricing.ThroughGeminiApi)
            .Select(tier => new CostAlternative($"Veo 3.1 {tier.Tier}", tier.Model, EstimateWith(toMake, tier.Model) is { IsKnown: true } other ? other.Dollars : null,
                string.Equals(tier.Model, google.VideoModel, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return estimate with { Alternatives = alternatives };
    }

    private CostEstimate EstimateWith(IReadOnlyList<Lesson> toMake, string videoModel)
    {
        var google = options.Value;
        var lessons = toMake.Count;
        var length = new VideoLength(worker.Value.Length);
        var scenesPerClip = VeoFootage.ScenesPerClip(worker.Value, neoVerse.Value);
        var clipsPerLesson = worker.Value.MakesClips ? google.MaxClipsPerLesson : 0;
        var clips = lessons * ((clipsPerLesson + scenesPerClip - 1) / scenesPerClip);
        var images = worker.Value.Illustrates
            ? toMake.Sum(l => length.MaxScenes(MarkdownLessonReader.Read(l.Text).WordCount, GeminiEnhancer.SpokenWordsPerMinute, script.Value.WordsPerScene, script.Value.MaxScenes))
            : 0;
        var seconds = clips * google.ClipSeconds;
        // The script is written to the length's minutes of narration, which TTS then speaks.
        var narrationMinutes = toMake.Sum(l => length.MinutesFor(l.Text));
        var promptTokens = toMake.Sum(l => (long)(l.Text.Length / 4) + ScriptPromptTokens);

        var unpriced = new List<string>();
        decimal Priced(decimal? dollars, string model)
        {
            if (dollars is null && !unpriced.Contains(model))
            {
                unpriced.Add(model);
            }

            return dollars ?? 0;
        }

        var dollars = Priced(pricing.ForTokens(google.TextModel, promptTokens, lessons * ScriptAnswerTokens), google.TextModel)
                      + Priced(pricing.ForTokens(google.SpeechModel, (long)(narrationMinutes * NarrationTextTokensPerMinute),
                          (long)(narrationMinutes * NarrationAudioTokensPerMinute)), google.SpeechModel)
                      + (clips == 0 ? 0 : Priced(pricing.For(videoModel)?.PerVideoSecond(google.Resolution) * seconds, videoModel));
        var imageDollars = images == 0 ? 0 : Priced(pricing.PerImage(google.ImageModel) * images, google.ImageModel);
        dollars += imageDollars;
        var (reviewTokens, reviewDollars) = (0L, 0m);
        if (review.Value.Mode == ReviewOptions.Gemini)
        {
            var watched = (long)((narrationMinutes * 60 + lessons * TitleCardSeconds) * review.Value.TokensPerVideoSecond);
            var input = watched + lessons * (QuizInputTokens + VerdictInputTokens);
            var output = lessons * (QuizOutputTokens + VerdictOutputTokens);
            (reviewTokens, reviewDollars) = (input + output, Priced(pricing.ForTokens(google.TextModel, input, output), google.TextModel));
        }

        return new CostEstimate(lessons, clips, seconds, Math.Round(dollars + reviewDollars, 2), reviewTokens, Math.Round(reviewDollars, 2), narrationMinutes,
            unpriced, Images: images, ImageDollars: Math.Round(imageDollars, 2));
    }
}
