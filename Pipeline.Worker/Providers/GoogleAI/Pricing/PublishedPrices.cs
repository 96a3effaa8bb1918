namespace VideoGen.Worker.Providers.GoogleAI.Pricing;

/// <summary>
/// Google's list prices (paid tier, US dollars) by model id, as published on the Gemini API's pricing page
/// (https://ai.google.dev/gemini-api/docs/pricing, updated 2026-09-12) and the Vertex AI generative AI pricing page
/// (https://cloud.google.com/vertex-ai/generative-ai/pricing, as quoted 2026-09-12). Veo prices are for video with
/// sound, as clips are made. They go stale: <c>GoogleAI:Prices:Models:&lt;model&gt;</c> overrides any figure, and
/// a model missing here needs its price given there.
/// </summary>
public static class PublishedPrices
{
    public const string AsOf = "2026-09-12";

    public static IReadOnlyDictionary<string, ModelPrice> Vertex { get; } = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
    {
        ["veo-3.1-generate-001"] = Video(0.40m, 0.40m),
        ["veo-3.1-generate-preview"] = Video(0.40m, 0.40m),
        ["veo-3.1-fast-generate-001"] = Video(0.10m, 0.12m),
        ["veo-3.1-fast-generate-preview"] = Video(0.10m, 0.12m),
        ["veo-3.1-lite-generate-001"] = Video(0.05m, 0.08m),
        ["veo-3.0-generate-001"] = Video(0.40m, 0.40m),
        ["veo-3.0-fast-generate-001"] = Video(0.10m, 0.12m),
        ["veo-2.0-generate-001"] = Video(0.50m, 0.50m),
        ["gemini-3-flash-preview"] = Tokens(0.50m, 3.00m),
        ["gemini-2.5-flash"] = Tokens(0.30m, 2.50m),
        ["gemini-2.5-pro"] = Tokens(1.25m, 10.00m),
        ["gemini-3.1-pro-preview"] = Tokens(2.00m, 12.00m),
        ["gemini-2.5-flash-tts"] = Tokens(0.50m, 10.00m),
        ["gemini-2.5-pro-tts"] = Tokens(1.00m, 20.00m),
        ["gemini-2.5-flash-image"] = Image(0.039m),
        ["gemini-3-pro-image-preview"] = Image(0.134m),
    };

    public static IReadOnlyDictionary<string, ModelPrice> GeminiApi { get; } = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
    {
        ["veo-3.1-generate-preview"] = Video(0.40m, 0.40m),
        ["veo-3.1-fast-generate-preview"] = Video(0.10m, 0.12m),
        ["veo-3.1-lite-generate-preview"] = Video(0.05m, 0.08m),
        ["veo-3.0-generate-001"] = Video(0.40m, 0.40m),
        ["veo-3.0-fast-generate-001"] = Video(0.10m, 0.12m),
        ["veo-2.0-generate-001"] = Video(0.35m, 0.35m),
        ["gemini-3-flash-preview"] = Tokens(0.50m, 3.00m),
        ["gemini-2.5-flash"] = Tokens(0.30m, 2.50m),
        ["gemini-2.5-pro"] = Tokens(1.25m, 10.00m),
        ["gemini-3.1-pro-preview"] = Tokens(2.00m, 12.00m),
        ["gemini-2.5-flash-preview-tts"] = Tokens(0.50m, 10.00m),
        ["gemini-2.5-pro-preview-tts"] = Tokens(1.00m, 20.00m),
        ["gemini-3.1-flash-tts-preview"] = Tokens(1.00m, 20.00m),
        ["gemini-2.5-flash-image"] = Image(0.039m),
        ["gemini-3-pro-image"] = Image(0.134m),
        ["gemini-3-pro-image-preview"] = Image(0.134m),
        ["imagen-4.0-fast-generate-001"] = Image(0.02m),
        ["imagen-4.0-generate-001"] = Image(0.04m),
        ["imagen-4.0-ultra-generate-001"] = Image(0.06m),
    };

    /// <summary>The Veo 3.1 tiers a b-roll clip can be made with, by backend, cheapest last.</summary>
    public static IReadOnlyList<(string Tier, string Model)> VeoTiers(bool geminiApi) => geminiApi
        ? [("Standard", "veo-3.1-generate-preview"), ("Fast", "veo-3.1-fast-generate-preview"), ("Lite", "veo-3.1-lite-generate-preview")]
        : [("Standard", "veo-3.1-generate-001"), ("Fast", "veo-3.1-fast-generate-001"), ("Lite", "veo-3.1-lite-generate-001")];

    private static ModelPrice Video(decimal at720p, decimal at1080p) => new() { PerVideoSecond720p = at720p, PerVideoSecond1080p = at1080p };

    private static ModelPrice Tokens(decimal input, decimal output) => new() { PerMillionInputTokens = input, PerMillionOutputTokens = output };

    private static ModelPrice Image(decimal each) => new() { PerImage = each };
}
