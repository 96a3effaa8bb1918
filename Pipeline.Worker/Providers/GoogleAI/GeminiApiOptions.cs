using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// The Gemini Developer API (<c>--provider gemini</c>): an API key and the models to call. Everything else (voices,
/// clips per lesson, retries, quotas, prices) is shared with Vertex AI and set under <c>GoogleAI:</c>.
/// </summary>
public sealed class GeminiApiOptions
{
    public const string Section = "Gemini";
    public const string PublicBaseUrl = "https://generativelanguage.googleapis.com/";
    public const string KeySources = "Gemini:ApiKey (Gemini__ApiKey) or the GEMINI_API_KEY environment variable";

    /// <summary>A key from Google AI Studio; read from <c>GEMINI_API_KEY</c> (or <c>GOOGLE_API_KEY</c>) when not set here.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Overrides the API host (an emulator). Empty: Google's.</summary>
    public string? BaseUrl { get; set; }

    [Required]
    public string TextModel { get; set; } = "gemini-3-flash-preview";

    [Required]
    public string SpeechModel { get; set; } = "gemini-2.5-flash-preview-tts";

    [Required]
    /// <summary>Veo 3.1 Lite, as on Vertex AI: the tier for b-roll under narration (see README, Cost).</summary>
    public string VideoModel { get; set; } = "veo-3.1-lite-generate-preview";

    /// <summary>How often a running Veo operation is looked at.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
}
