using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoGen.Worker.Providers.GoogleAI;

// The JSON of the REST surfaces the pipeline uses, on Vertex AI and the Gemini API: generateContent (text and speech),
// predictLongRunning and the operation it starts (Veo), and Google's error envelope.

public sealed record GenerateContentRequest(
    IReadOnlyList<Content> Contents,
    Content? SystemInstruction = null,
    GenerationConfig? GenerationConfig = null);

/// <param name="Parts">Absent in some real answers, for example when thinking used up the output budget.</param>
public sealed record Content(string? Role, IReadOnlyList<Part>? Parts);

public sealed record Part(string? Text = null, InlineData? InlineData = null, FileData? FileData = null);

public sealed record InlineData(string MimeType, string Data);

/// <summary>Media in Cloud Storage that Gemini reads itself (<c>gs://bucket/object</c>).</summary>
public sealed record FileData(string MimeType, string FileUri);

public sealed record GenerationConfig(
    int? MaxOutputTokens = null,
    string? ResponseMimeType = null,
    JsonElement? ResponseSchema = null,
    IReadOnlyList<string>? ResponseModalities = null,
    SpeechConfig? SpeechConfig = null,
    ThinkingConfig? ThinkingConfig = null,
    ImageConfig? ImageConfig = null);

/// <summary>What an image model is asked to draw to: <c>16:9</c>, say.</summary>
public sealed record ImageConfig(string? AspectRatio = null);

/// <param name="ThinkingLevel">Gemini 3: <c>minimal</c>, <c>low</c>, <c>medium</c> or <c>high</c>; thinking tokens count against the output budget.</param>
public sealed record ThinkingConfig(string? ThinkingLevel = null);

public sealed record SpeechConfig(VoiceConfig VoiceConfig, string? LanguageCode = null);

public sealed record VoiceConfig(PrebuiltVoiceConfig PrebuiltVoiceConfig);

public sealed record PrebuiltVoiceConfig(string VoiceName);

public sealed record GenerateContentResponse(IReadOnlyList<Candidate>? Candidates, PromptFeedback? PromptFeedback, UsageMetadata? UsageMetadata = null);

public sealed record UsageMetadata(int? PromptTokenCount, int? CandidatesTokenCount, int? ThoughtsTokenCount, int? TotalTokenCount);

public sealed record Candidate(Content? Content, string? FinishReason);

public sealed record PromptFeedback(string? BlockReason, string? BlockReasonMessage);

public sealed record PredictLongRunningRequest(IReadOnlyList<VideoInstance> Instances, VideoParameters Parameters);

/// <param name="Image">The clip's first frame (image-to-video); a first frame excludes reference images.</param>
public sealed record VideoInstance(string Prompt, VideoImage? Image = null);

/// <summary>A picture sent to Veo, inline.</summary>
public sealed record VideoImage(string BytesBase64Encoded, string MimeType);

/// <param name="GenerateAudio">Required by Veo 3 on Vertex AI; unknown to the Gemini API, which always makes sound.</param>
/// <param name="StorageUri">Vertex AI only.</param>
public sealed record VideoParameters(
    string AspectRatio, int DurationSeconds, string Resolution, bool? GenerateAudio, int SampleCount, string? PersonGeneration = null,
    string? StorageUri = null);

/// <summary>A page of a Cloud Storage listing (<c>GET /storage/v1/b/{bucket}/o?prefix=</c>).</summary>
public sealed record StorageObjects(IReadOnlyList<StorageObject>? Items);

public sealed record StorageObject(string Name, string? Bucket);

public sealed record OperationReference(string Name);

public sealed record FetchOperationRequest(string OperationName);

/// <summary>A Veo operation, whichever backend ran it.</summary>
public sealed record VideoOperation(string Name, bool Done, OperationError? Error, VideoResponse? Response);

public sealed record OperationError(int Code, string? Message);

public sealed record VideoResponse(int? RaiMediaFilteredCount, IReadOnlyList<string>? RaiMediaFilteredReasons, IReadOnlyList<GeneratedVideo>? Videos);

/// <param name="Uri">The Gemini API's download address, fetched with the API key.</param>
public sealed record GeneratedVideo(string? GcsUri, string? BytesBase64Encoded, string? MimeType, string? Uri = null);

/// <summary>An operation as either backend sends it: Vertex AI's <c>videos</c>, or the Gemini API's <c>generateVideoResponse</c>.</summary>
public sealed record OperationAnswer(string Name, bool Done, OperationError? Error, OperationAnswerResponse? Response);

public sealed record OperationAnswerResponse(
    int? RaiMediaFilteredCount, IReadOnlyList<string>? RaiMediaFilteredReasons, IReadOnlyList<GeneratedVideo>? Videos,
    GenerateVideoResponse? GenerateVideoResponse);

public sealed record GenerateVideoResponse(
    IReadOnlyList<GeneratedSample?>? GeneratedSamples, int? RaiMediaFilteredCount, IReadOnlyList<string>? RaiMediaFilteredReasons);

public sealed record GeneratedSample(GeminiFile? Video);

public sealed record GeminiFile(string? Uri, string? MimeType);

public sealed record GoogleErrorEnvelope(GoogleError? Error);

public sealed record GoogleError(int Code, string? Message, string? Status, IReadOnlyList<JsonElement>? Details)
{
    /// <summary>The reason a <c>google.rpc.ErrorInfo</c> detail gives, such as <c>API_KEY_INVALID</c>.</summary>
    public string? Reason => (Details ?? [])
        .Where(detail => detail.ValueKind == JsonValueKind.Object && detail.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String)
        .Select(detail => detail.GetProperty("reason").GetString())
        .FirstOrDefault(reason => !string.IsNullOrEmpty(reason));
}

internal static class GoogleAIJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
