using Microsoft.Extensions.Options;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Vertex;

/// <summary>Vertex prices from configuration: clips are priced per second of video, scripts and narration per lesson.</summary>
public sealed class VertexCostModel(IOptions<VertexOptions> options, IOptions<LocalProviderOptions> script) : ICostModel
{
    // Gemini TTS speaks at about this rate; the narration of a lesson is at most the word budget.
    private const double WordsPerMinute = 150;

    public CostEstimate Estimate(int lessons)
    {
        var vertex = options.Value;
        var clips = lessons * vertex.MaxClipsPerLesson;
        var seconds = clips * vertex.ClipSeconds;
        var narrationMinutes = lessons * script.Value.WordBudget / WordsPerMinute;
        var dollars = lessons * vertex.Prices.PerScript
                      + (decimal)narrationMinutes * vertex.Prices.PerNarrationMinute
                      + seconds * vertex.Prices.PerVideoSecond;
        return new CostEstimate(lessons, clips, seconds, Math.Round(dollars, 2));
    }
}
