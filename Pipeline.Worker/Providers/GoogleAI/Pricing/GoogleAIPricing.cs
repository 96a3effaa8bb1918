using Microsoft.Extensions.Options;

namespace VideoGen.Worker.Providers.GoogleAI.Pricing;

/// <summary>
/// The price of each model the run uses: Google's published figure for the backend it goes through, with the settings'
/// figures over it. A model neither knows has no price, and never borrows another model's.
/// </summary>
public sealed class GoogleAIPricing(IOptions<GoogleAIOptions> options, IGenAIBackend backend)
{
    private readonly GoogleAIOptions _options = options.Value;

    public bool ThroughGeminiApi => backend is GeminiApiBackend;

    /// <summary>The model's price, or null when it is not known.</summary>
    public ModelPrice? For(string model)
    {
        var table = ThroughGeminiApi ? PublishedPrices.GeminiApi : PublishedPrices.Vertex;
        var published = table.GetValueOrDefault(model);
        var given = _options.Prices.Models.GetValueOrDefault(model);
        var price = published is null ? given : published.With(given);
        var legacy = Legacy(model);
        return price is null ? legacy : price.With(legacy);
    }

    /// <summary>A Veo clip's price per second at the configured resolution, or null when unknown.</summary>
    public decimal? PerVideoSecond(string model) => For(model)?.PerVideoSecond(_options.Resolution);

    /// <summary>What one generated image costs with this model, or null when unknown.</summary>
    public decimal? PerImage(string model) => For(model)?.PerImage;

    /// <summary>What tokens cost with this model, or null when unknown; thinking is paid as output.</summary>
    public decimal? ForTokens(string model, long input, long output) =>
        For(model) is { PerMillionInputTokens: { } inPrice, PerMillionOutputTokens: { } outPrice }
            ? (input * inPrice + output * outPrice) / 1_000_000m
            : null;

    /// <summary>The models the run pays for that have no price, with the setting that would give one.</summary>
    public IReadOnlyList<string> Unpriced(bool clips, bool images = false)
    {
        var missing = new List<string>();
        if (ForTokens(_options.TextModel, 1, 1) is null)
        {
            missing.Add($"{_options.TextModel} (GoogleAI:Prices:Models:{_options.TextModel}:PerMillionInputTokens and PerMillionOutputTokens)");
        }

        if (ForTokens(_options.SpeechModel, 1, 1) is null)
        {
            missing.Add($"{_options.SpeechModel} (GoogleAI:Prices:Models:{_options.SpeechModel}:PerMillionInputTokens and PerMillionOutputTokens)");
        }

        if (clips && PerVideoSecond(_options.VideoModel) is null)
        {
            missing.Add($"{_options.VideoModel} (GoogleAI:Prices:Models:{_options.VideoModel}:PerVideoSecond{_options.Resolution})");
        }

        if (images && PerImage(_options.ImageModel) is null)
        {
            missing.Add($"{_options.ImageModel} (GoogleAI:Prices:Models:{_options.ImageModel}:PerImage)");
        }

        return missing;
    }

    /// <summary>The older single settings, for the model chosen for their job.</summary>
    private ModelPrice? Legacy(string model)
    {
        var prices = _options.Prices;
        if (model == _options.VideoModel && prices.PerVideoSecond is { } second)
        {
            return new ModelPrice { PerVideoSecond720p = second, PerVideoSecond1080p = second };
        }

        if (model == _options.SpeechModel && (prices.PerMillionSpeechInputTokens ?? prices.PerMillionSpeechOutputTokens) is not null)
        {
            return new ModelPrice { PerMillionInputTokens = prices.PerMillionSpeechInputTokens, PerMillionOutputTokens = prices.PerMillionSpeechOutputTokens };
        }

        if (model == _options.TextModel && (prices.PerMillionTextInputTokens ?? prices.PerMillionTextOutputTokens) is not null)
        {
            return new ModelPrice { PerMillionInputTokens = prices.PerMillionTextInputTokens, PerMillionOutputTokens = prices.PerMillionTextOutputTokens };
        }

        return null;
    }
}
