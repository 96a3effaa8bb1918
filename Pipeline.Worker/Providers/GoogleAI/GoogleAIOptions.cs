using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Google's generative AI, as both Google providers use it: the models, voices, clips, quota, timeouts and prices, in
/// the <c>GoogleAI</c> section; and where Vertex AI is and which credentials it takes (the vertex provider only), in
/// the <c>Vertex</c> section. The shared settings were once in <c>Vertex</c> too: given there, they still count.
/// </summary>
public sealed class GoogleAIOptions
{
    public const string Section = "GoogleAI";

    /// <summary>The section of the settings only Vertex AI has, read before <see cref="Section"/>.</summary>
    public const string VertexSection = "Vertex";

    /// <summary>The settings that belong to the <see cref="VertexSection"/>: any other given there was moved.</summary>
    public static readonly string[] VertexSettings =
        [nameof(ProjectId), nameof(Location), nameof(TextLocation), nameof(BaseUrl), nameof(StorageBaseUrl), nameof(AccessToken), nameof(CredentialsJson), nameof(OutputStorageUri)];

    /// <summary>Shared settings still given under their old <c>Vertex:</c> names.</summary>
    public static IReadOnlyList<string> MovedSettings(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        [.. configuration.GetSection(VertexSection).GetChildren().Select(c => c.Key).Where(key => !VertexSettings.Contains(key, StringComparer.OrdinalIgnoreCase))];

    public string ProjectId { get; set; } = "";

    /// <summary>Region of the Veo and TTS models; Gemini 3 text models are served from <c>global</c>.</summary>
    [Required]
    public string Location { get; set; } = "us-central1";

    [Required]
    public string TextLocation { get; set; } = "global";

    /// <summary>Overrides the Google host (an emulator, a private endpoint). Empty: the public endpoints.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Overrides the Cloud Storage host that Veo's <c>gs://</c> videos are downloaded from. Empty: Google's.</summary>
    public string? StorageBaseUrl { get; set; }

    /// <summary>A static bearer token, as from <c>gcloud auth print-access-token</c>; empty: Application Default Credentials.</summary>
    public string? AccessToken { get; set; }

    /// <summary>A service account key (the JSON file's content), for where no Application Default Credentials exist.</summary>
    public string? CredentialsJson { get; set; }

    [Required]
    public string TextModel { get; set; } = "gemini-3-flash-preview";

    [Required]
    public string SpeechModel { get; set; } = "gemini-2.5-flash-tts";

    [Required]
    public string VideoModel { get; set; } = "veo-3.1-lite-generate-001";

    /// <summary>The Gemini image model that draws illustrations (<c>--visuals images</c> or <c>both</c>).</summary>
    [Required]
    public string ImageModel { get; set; } = "gemini-2.5-flash-image";

    /// <summary>
    /// The look every illustration of a course shares, given to the image model with the course's title; part of each
    /// lesson's fingerprint, so a new style draws the pictures again.
    /// </summary>
    [Required, MaxLength(2000)]
    public string ImageStyle { get; set; } =
        "a clean flat vector illustration with soft shading, a calm palette of deep navy, teal and warm amber on a light background, " +
        "simple geometric shapes, generous empty space, one small friendly paper-plane motif somewhere in every picture";

    /// <summary>Image requests of one worker in flight at once; each is a few seconds of waiting.</summary>
    [Range(1, 32)]
    public int ImageRequestsAtOnce { get; set; } = 4;

    /// <summary>The Gemini TTS voice for lessons in a language <see cref="VoicesByLanguage"/> does not name.</summary>
    [Required]
    public string Voice { get; set; } = "Kore";

    /// <summary>A voice per language (<c>GoogleAI:VoicesByLanguage:ja</c> = <c>Aoede</c>), by full tag or language alone.</summary>
    public Dictionary<string, string> VoicesByLanguage { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The TTS language code per language (<c>GoogleAI:SpeechLanguageCodes:es</c> = <c>es-US</c>), over the built-in
    /// choice of the codes Gemini TTS documents.
    /// </summary>
    public Dictionary<string, string> SpeechLanguageCodes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How much Gemini 3 thinks before writing a script: <c>minimal</c>, <c>low</c>, <c>medium</c> or <c>high</c>. A
    /// script needs little; thinking tokens are paid and count against <see cref="ScriptMaxOutputTokens"/>.
    /// </summary>
    [RegularExpression("^(minimal|low|medium|high)$", ErrorMessage = "GoogleAI:ScriptThinkingLevel must be minimal, low, medium or high.")]
    public string ScriptThinkingLevel { get; set; } = "low";

    /// <summary>Room for a script's answer, thinking included; an answer cut off is asked for once more with twice the room.</summary>
    [Range(1024, 65536)]
    public int ScriptMaxOutputTokens { get; set; } = 8192;

    /// <summary>
    /// The most tokens of lesson the script and quiz model is sent (Gemini 3 Flash reads 1,048,576 in all); a longer
    /// lesson fails with that reason rather than being cut.
    /// </summary>
    [Range(1_000, 2_000_000)]
    public int MaxLessonTokens { get; set; } = 1_000_000;

    /// <summary>Scenes per lesson that get a Veo clip; the others are slides. Clips are the expensive part.</summary>
    [Range(0, 20)]
    public int MaxClipsPerLesson { get; set; } = 1;

    /// <summary>
    /// Veo clips running at once, across every worker on the same Redis, to start with. Raised by one at a time while
    /// Veo accepts them, up to <see cref="MaxRunningClipsCeiling"/>; lowered when Veo answers 429.
    /// </summary>
    [Range(1, 100)]
    public int MaxRunningClips { get; set; } = 3;

    /// <summary>The most clips this worker lets run at once, however much room Veo seems to have.</summary>
    [Range(1, 100)]
    public int MaxRunningClipsCeiling { get; set; } = 10;

    [Range(4, 8)]
    public int ClipSeconds { get; set; } = 8;

    [RegularExpression("^(16:9|9:16)$")]
    public string AspectRatio { get; set; } = "16:9";

    [RegularExpression("^(720p|1080p)$")]
    public string Resolution { get; set; } = "720p";

    /// <summary>How often a running Veo operation is asked whether it is done; a quarter of it while other clips wait for room.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for one Veo operation before the lesson fails (the operation is kept for the next run).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Time limit for one HTTP attempt; generation calls can take minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(3);

    [Range(0, 20)]
    public int HttpRetries { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan HttpRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Spreads the retry delays of many workers apart; off, each delay is exactly double the one before.</summary>
    public bool HttpRetryJitter { get; set; } = true;

    /// <summary>Longest text sent in one TTS request; longer scenes are split at sentence ends.</summary>
    [Range(100, 5000)]
    public int MaxSpeechChars { get; set; } = 1500;

    /// <summary>
    /// TTS requests of one lesson in flight at once. A lesson's parts are spoken independently, and a request takes
    /// seconds of waiting and no CPU: one after another, narration would pace a whole batch.
    /// </summary>
    [Range(1, 32)]
    public int SpeechRequestsPerLesson { get; set; } = 4;

    /// <summary>
    /// What a clip whose answer was lost becomes: <c>slide</c> (its scene is a slide, and the report lists the clip) or
    /// <c>fail</c> (the lesson fails, saying the clip may have been paid). Either way it is not requested again unless
    /// the worker is run with <c>--resubmit-unknown</c>.
    /// </summary>
    [RegularExpression("^(slide|fail)$", ErrorMessage = "GoogleAI:OnLostAnswer must be 'slide' or 'fail'.")]
    public string OnLostAnswer { get; set; } = "slide";

    /// <summary>
    /// A Cloud Storage folder (<c>gs://bucket/prefix</c>) Veo writes each clip to, under a name of the clip's own. A
    /// clip whose answer was lost is then looked for there until <see cref="LostAnswerWait"/> has passed since it was
    /// requested, so the paid video is found and used. Empty: videos come back inline, and a lost answer is final.
    /// </summary>
    [RegularExpression("^gs://[a-z0-9][a-z0-9._-]{1,221}[a-z0-9](/.*)?$", ErrorMessage = "Vertex:OutputStorageUri must look like gs://bucket/prefix.")]
    public string? OutputStorageUri { get; set; }

    /// <summary>The longest Veo takes to make a clip: how long a lost answer is looked for in <see cref="OutputStorageUri"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan LostAnswerWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Prices for the dry-run estimate, in US dollars.</summary>
    public GoogleAIPrices Prices { get; set; } = new();
}

/// <summary>
/// Prices come by model id from Google's published list (<see cref="Pricing.PublishedPrices"/>); <see cref="Models"/>
/// overrides any figure or prices a model the list lacks. The single figures are the older settings: each, when given,
/// prices the model chosen for its job.
/// </summary>
public sealed class GoogleAIPrices
{
    /// <summary>Prices by model id (<c>GoogleAI:Prices:Models:veo-3.1-fast-generate-001:PerVideoSecond720p=0.10</c>).</summary>
    public Dictionary<string, Pricing.ModelPrice> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The chosen Veo model's price per second, at any resolution.</summary>
    public decimal? PerVideoSecond { get; set; }

    /// <summary>The chosen text model's prices per million tokens.</summary>
    public decimal? PerMillionTextInputTokens { get; set; }

    public decimal? PerMillionTextOutputTokens { get; set; }

    /// <summary>The chosen speech model's prices per million tokens (text in, audio out).</summary>
    public decimal? PerMillionSpeechInputTokens { get; set; }

    public decimal? PerMillionSpeechOutputTokens { get; set; }
}
