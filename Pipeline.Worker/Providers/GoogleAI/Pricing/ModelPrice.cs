namespace VideoGen.Worker.Providers.GoogleAI.Pricing;

/// <summary>
/// What one model costs, in US dollars: Veo per second of video (with its sound, as clips are made, at 720p and
/// 1080p), Gemini per million tokens in and out (thinking is paid as output), image models per image. A price left
/// out is unknown.
/// </summary>
public sealed class ModelPrice
{
    public decimal? PerVideoSecond720p { get; set; }

    public decimal? PerVideoSecond1080p { get; set; }

    public decimal? PerMillionInputTokens { get; set; }

    public decimal? PerMillionOutputTokens { get; set; }

    public decimal? PerImage { get; set; }

    /// <summary>This price with the given one's known figures over it.</summary>
    public ModelPrice With(ModelPrice? over) => over is null ? this : new ModelPrice
    {
        PerVideoSecond720p = over.PerVideoSecond720p ?? PerVideoSecond720p,
        PerVideoSecond1080p = over.PerVideoSecond1080p ?? PerVideoSecond1080p,
        PerMillionInputTokens = over.PerMillionInputTokens ?? PerMillionInputTokens,
        PerMillionOutputTokens = over.PerMillionOutputTokens ?? PerMillionOutputTokens,
        PerImage = over.PerImage ?? PerImage,
    };

    /// <summary>Veo's price per second at a resolution (<c>720p</c>, <c>1080p</c>), or null when unknown.</summary>
    public decimal? PerVideoSecond(string resolution) => resolution == "1080p" ? PerVideoSecond1080p ?? PerVideoSecond720p : PerVideoSecond720p;
}
