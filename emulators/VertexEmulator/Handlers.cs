using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VideoGen.VertexEmulator;

internal static partial class Handlers
{
    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    public static async Task<IResult> HandleAsync(
        string model, string method, JsonObject body, HttpRequest request, EmulatorState state, MediaFactory media, bool geminiApi = false)
    {
        var kind = method != "generateContent" ? method
            : IsSpeech(body) ? "tts"
            : Images.IsImage(body) ? "image"
            : Reviews.IsWatch(body) ? "review"
            : Reviews.IsQuiz(body) ? "quiz"
            : method;
        state.Record(kind);
        if (kind is "generateContent" or "tts" or "review" or "quiz" && state.AnswerDelay(kind, PromptText(body)) is { Ticks: > 0 } delay)
        {
            await Task.Delay(delay);
        }
        else if (state.Faults.LatencyMs > 0)
        {
            await Task.Delay(state.Faults.LatencyMs);
        }

        if ((geminiApi ? GeminiApi.RefuseKey(request, state) : RefuseToken(request, state)) is { } refused)
        {
            return refused;
        }

        if (!model.StartsWith("gemini-", StringComparison.Ordinal) && !model.StartsWith("veo-", StringComparison.Ordinal))
        {
            return geminiApi
                ? Google.Error(404, "NOT_FOUND",
                    $"models/{model} is not found for API version v1beta, or is not supported for {method}. Call ListModels to see the list of available models and their supported methods.")
                : Google.Error(404, "NOT_FOUND",
                    $"Publisher Model `projects/{request.RouteValues["project"]}/locations/{request.RouteValues["location"]}/publishers/google/models/{model}` was not found or your project does not have access to it.");
        }

        if (state.NextFault(kind) is { } status)
        {
            return Google.Fault(status, state.Faults.RetryDelay);
        }

        if (RequestSchema.UnknownField(method, body) is { } unknown)
        {
            return Google.Error(400, "INVALID_ARGUMENT", unknown);
        }

        if (kind is "generateContent" or "tts" or "review" or "quiz" && state.Take("blocked:" + kind))
        {
            return Results.Json(new JsonObject
            {
                ["promptFeedback"] = new JsonObject { ["blockReason"] = "PROHIBITED_CONTENT", ["blockReasonMessage"] = "The prompt was blocked (emulated)." },
                ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = 10, ["totalTokenCount"] = 10 },
            });
        }

        var project = request.RouteValues["project"]?.ToString() ?? "";
        var location = request.RouteValues["location"]?.ToString() ?? "";
        return kind switch
        {
            "tts" => Speech(body, state),
            "image" => await Images.AnswerAsync(body, PromptText(body), state),
            "generateContent" => Text(body, state),
            "quiz" => Reviews.Quiz(PromptText(body), SystemInstruction(body), state),
            "review" => Reviews.Watch(body, PromptText(body), state),
            "predictLongRunning" => Start(project, location, model, body, request, state, geminiApi),
            "fetchPredictOperation" when !geminiApi => await FetchAsync(body["operationName"]?.GetValue<string>() ?? "", state, media),
            _ => Google.Error(404, "NOT_FOUND", $"method {method} is not served"),
        };
    }

    private static IResult? RefuseToken(HttpRequest request, EmulatorState state) => state.Authorized(request)
        ? null
        : Google.Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token.");

    private static bool IsSpeech(JsonObject body) =>
        body["generationConfig"]?["responseModalities"] is JsonArray modalities &&
        modalities.Any(m => string.Equals(m?.GetValue<string>(), "AUDIO", StringComparison.OrdinalIgnoreCase));

    private static string PromptText(JsonObject body) =>
        string.Join("\n", (body["contents"] as JsonArray ?? [])
            .SelectMany(c => c?["parts"] as JsonArray ?? [])
            .Select(p => p?["text"]?.GetValue<string>())
            .Where(t => t is not null));

    // The language codes Gemini TTS documents; any other is refused, as Google does.
    private static readonly HashSet<string> SpeechLanguageCodes =
    [
        "ar-XA", "bn-IN", "cmn-CN", "de-DE", "en-US", "en-AU", "en-GB", "en-IN", "es-ES", "es-US", "fr-FR", "fr-CA",
        "gu-IN", "hi-IN", "id-ID", "it-IT", "ja-JP", "kn-IN", "ko-KR", "ml-IN", "mr-IN", "nl-NL", "pl-PL", "pt-BR",
        "ru-RU", "ta-IN", "te-IN", "th-TH", "tr-TR", "vi-VN",
    ];

    private static IResult Speech(JsonObject body, EmulatorState state)
    {
        var text = PromptText(body);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Google.Error(400, "INVALID_ARGUMENT", "Contents must not be empty.");
        }

        var speech = body["generationConfig"]?["speechConfig"];
        var languageCode = speech?["languageCode"]?.GetValue<string>();
        if (languageCode is not null && !SpeechLanguageCodes.Contains(languageCode))
        {
            return Google.Error(400, "INVALID_ARGUMENT", $"Language code {languageCode} is not supported by the model.");
        }

        state.SpeechVoices.Add($"{speech?["voiceConfig"]?["prebuiltVoiceConfig"]?["voiceName"]?.GetValue<string>()}/{languageCode}");
        var rate = state.Faults.SpeechRate;
        return Candidate(new JsonObject
        {
            ["inlineData"] = new JsonObject
            {
                ["mimeType"] = $"audio/L16;codec=pcm;rate={rate}",
                ["data"] = Convert.ToBase64String(MediaFactory.Speech(text, rate)),
            },
        });
    }

    private static string SystemInstruction(JsonObject body) =>
        string.Join("\n", (body["systemInstruction"]?["parts"] as JsonArray ?? []).Select(p => p?["text"]?.GetValue<string>()));

    private static IResult Text(JsonObject body, EmulatorState state)
    {
        var prompt = PromptText(body);
        var config = body["generationConfig"];
        state.LastScriptConfig = config?.ToJsonString();
        state.ScriptInstructions.Add(SystemInstruction(body));
        state.ScriptPrompts.Add(prompt);
        var wantsJson = config?["responseSchema"] is not null || config?["responseJsonSchema"] is not null;
        if (!wantsJson)
        {
            return Candidate(new JsonObject { ["text"] = $"Emulated answer to: {prompt}" });
        }

        if (state.Take("cutOff"))
        {
            // What Gemini 3 sends when thinking used up the output budget: a candidate whose content has no parts.
            return Results.Json(new JsonObject
            {
                ["candidates"] = new JsonArray(new JsonObject { ["content"] = new JsonObject { ["role"] = "model" }, ["finishReason"] = "MAX_TOKENS" }),
                ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = 10, ["thoughtsTokenCount"] = 4096, ["totalTokenCount"] = 4106 },
            });
        }

        if (state.TakeMalformed())
        {
            return Candidate(new JsonObject { ["text"] = "{\"title\": \"Cut off" });
        }

        return Candidate(new JsonObject { ["text"] = Script(prompt).ToJsonString() });
    }

    /// <summary>A script made from the lesson in the prompt, with some markdown in it as a language model would write.</summary>
    private static JsonObject Script(string prompt)
    {
        var title = Regex.Match(prompt, @"Lesson title:\s*(.+)").Groups[1].Value.Trim();
        var textStart = prompt.IndexOf("Lesson text:", StringComparison.Ordinal);
        var text = textStart >= 0 ? prompt[(textStart + "Lesson text:".Length)..] : prompt;
        var sentences = SentenceEnd().Split(text.Trim()).Where(s => s.Length > 0).Take(9).ToList();
        if (sentences.Count == 0)
        {
            sentences = [title.Length > 0 ? title + "." : "An emulated lesson."];
        }

        // The lesson's assets as the prompt lists them ("- table-1: a table of ..."): the second scene shows the first.
        var assets = Regex.Matches(prompt, @"^- ((?:table|diagram|image|code)-\d+): ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var perScene = (int)Math.Ceiling(sentences.Count / 3.0);
        var scenes = new JsonArray();
        foreach (var chunk in sentences.Chunk(perScene))
        {
            var narration = string.Join(' ', chunk);
            var scene = new JsonObject
            {
                ["heading"] = $"Part {scenes.Count + 1}",
                ["narration"] = $"**{narration}**",
                ["onScreenText"] = string.Join('\n', chunk.Take(3).Select(s => $"- **{s.TrimEnd('.')}**")),
                ["visualPrompt"] = $"A calm cinematic shot illustrating: {chunk[0]}",
            };
            if (scenes.Count == 1 && assets.Count > 0)
            {
                scene["assetId"] = assets[0];
            }

            scenes.Add(scene);
        }

        return new JsonObject { ["title"] = $"*{(title.Length > 0 ? title : "Emulated lesson")}*", ["scenes"] = scenes };
    }

    private static IResult Start(string project, string location, string model, JsonObject body, HttpRequest request, EmulatorState state, bool geminiApi)
    {
        var instance = (body["instances"] as JsonArray)?.FirstOrDefault();
        var prompt = instance?["prompt"]?.GetValue<string>();
        if (instance?["image"] is JsonObject firstFrame)
        {
            if (firstFrame["bytesBase64Encoded"] is null && firstFrame["gcsUri"] is null || firstFrame["mimeType"] is null)
            {
                return Google.Error(400, "INVALID_ARGUMENT", "instances[0].image needs bytesBase64Encoded or gcsUri, and mimeType.");
            }

            if (instance["referenceImages"] is not null)
            {
                return Google.Error(400, "INVALID_ARGUMENT", "referenceImages cannot be used together with image.");
            }

            state.FirstFrames.Add(prompt ?? "");
        }

        var parameters = body["parameters"];
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return Google.Error(400, "INVALID_ARGUMENT", "instances[0].prompt is required.");
        }

        if (geminiApi && GeminiApi.UnsupportedParameter(parameters) is { } unsupported)
        {
            return Google.Error(400, "INVALID_ARGUMENT", $"`{unsupported}` isn't supported by this model. Please remove it or refer to the Gemini API documentation for supported usage.");
        }

        if (!geminiApi && parameters?["generateAudio"] is null)
        {
            return Google.Error(400, "INVALID_ARGUMENT", "generateAudio is required for Veo 3 models.");
        }

        var seconds = parameters?["durationSeconds"]?.GetValue<int>() ?? 8;
        if (seconds is not (4 or 6 or 8))
        {
            return Google.Error(400, "INVALID_ARGUMENT", $"durationSeconds {seconds} is not supported; use 4, 6 or 8.");
        }

        var storageUri = parameters?["storageUri"]?.GetValue<string>();
        if (storageUri is not null && !storageUri.StartsWith("gs://", StringComparison.Ordinal))
        {
            return Google.Error(400, "INVALID_ARGUMENT", $"storageUri {storageUri} is not a gs:// URI.");
        }

        if (state.StartOperation(project, location, model, seconds, prompt, storageUri, geminiApi) is not { } name)
        {
            state.Record("predictLongRunning.refused");
            return Google.Error(429, "RESOURCE_EXHAUSTED",
                $"Quota exceeded for aiplatform.googleapis.com/online_prediction_concurrent_requests_per_base_model with base model: {model}. " +
                "Please submit a quota increase request.");
        }

        if (state.Faults.LoseStartAnswerEvery > 0 && state.StartedOperations % state.Faults.LoseStartAnswerEvery == 0)
        {
            // The operation exists and is paid for; the client never hears of it.
            state.Record("predictLongRunning.lost");
            request.HttpContext.Abort();
            return Results.Empty;
        }

        return Results.Json(new JsonObject { ["name"] = name });
    }

    public static async Task<IResult> FetchAsync(string name, EmulatorState state, MediaFactory media, string? geminiApiFiles = null)
    {
        var (known, done, seconds) = state.Operation(name);
        if (!known)
        {
            return Google.Error(404, "NOT_FOUND", $"Operation {name} not found.");
        }

        var answer = new JsonObject { ["name"] = name, ["done"] = done };
        if (!done)
        {
            return Results.Json(answer);
        }

        if (state.Take("operationErrors"))
        {
            answer["error"] = new JsonObject { ["code"] = 13, ["message"] = "Internal error encountered while generating the video (emulated)." };
            return Results.Json(answer);
        }

        if (geminiApiFiles is not null)
        {
            answer["response"] = GeminiApi.VideoResponse(name, seconds, state, geminiApiFiles);
            return Results.Json(answer);
        }

        var response = new JsonObject { ["@type"] = "type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse" };
        if (state.Faults.SafetyFilter)
        {
            response["raiMediaFilteredCount"] = 1;
            response["raiMediaFilteredReasons"] = new JsonArray("The prompt could not be submitted (emulated safety filter).");
        }
        else
        {
            var video = state.IsBadClip(name)
                ? new JsonObject { ["bytesBase64Encoded"] = Convert.ToBase64String(await media.BadVideoAsync(seconds)), ["mimeType"] = "video/mp4" }
                : state.OutputOf(name) is { } written
                ? new JsonObject { ["gcsUri"] = written, ["mimeType"] = "video/mp4" }
                : state.Faults.VideosInStorage
                ? new JsonObject { ["gcsUri"] = $"gs://emulator-bucket/videos/{name.Split('/').Last()}-{seconds}.mp4", ["mimeType"] = "video/mp4" }
                : new JsonObject { ["bytesBase64Encoded"] = Convert.ToBase64String(await media.VideoAsync(seconds, state.Faults.ClipSize)), ["mimeType"] = "video/mp4" };
            response["videos"] = new JsonArray(video);
        }

        answer["response"] = response;
        return Results.Json(answer);
    }

    internal static IResult Candidate(JsonObject part, int promptTokens = 10, int candidateTokens = 10) => Results.Json(new JsonObject
    {
        ["candidates"] = new JsonArray(new JsonObject
        {
            ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(part) },
            ["finishReason"] = "STOP",
        }),
        ["usageMetadata"] = new JsonObject
        {
            ["promptTokenCount"] = promptTokens, ["candidatesTokenCount"] = candidateTokens, ["thoughtsTokenCount"] = 5,
            ["totalTokenCount"] = promptTokens + candidateTokens + 5,
        },
    });
}
