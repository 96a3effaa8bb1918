using System.Text.Json.Nodes;

namespace VideoGen.VertexEmulator;

/// <summary>
/// Vertex AI refuses a request with a field it does not know (400 INVALID_ARGUMENT, "Unknown name"), so a typo in a
/// client's request fails here as it would at Google instead of being ignored.
/// </summary>
internal static class RequestSchema
{
    private static readonly Dictionary<string, HashSet<string>> GenerateContent = new()
    {
        [""] = ["contents", "systemInstruction", "generationConfig", "safetySettings", "tools", "toolConfig", "labels", "cachedContent", "modelArmorConfig"],
        ["generationConfig"] =
        [
            "temperature", "topP", "topK", "candidateCount", "maxOutputTokens", "stopSequences", "presencePenalty", "frequencyPenalty",
            "responseMimeType", "responseSchema", "responseJsonSchema", "responseModalities", "speechConfig", "thinkingConfig", "seed",
            "responseLogprobs", "logprobs", "mediaResolution", "audioTimestamp", "routingConfig", "imageConfig", "enableAffectiveDialog",
        ],
        ["generationConfig.thinkingConfig"] = ["thinkingLevel", "thinkingBudget", "includeThoughts"],
        ["generationConfig.speechConfig"] = ["voiceConfig", "languageCode", "multiSpeakerVoiceConfig"],
        ["generationConfig.imageConfig"] = ["aspectRatio", "imageSize", "personGeneration", "imageOutputOptions"],
    };

    private static readonly Dictionary<string, HashSet<string>> Part = new()
    {
        [""] =
        [
            "text", "inlineData", "fileData", "videoMetadata", "thought", "thoughtSignature", "functionCall", "functionResponse",
            "executableCode", "codeExecutionResult", "mediaResolution",
        ],
        ["inlineData"] = ["mimeType", "data", "displayName"],
        ["fileData"] = ["mimeType", "fileUri", "displayName"],
    };

    private static readonly Dictionary<string, HashSet<string>> PredictLongRunning = new()
    {
        [""] = ["instances", "parameters"],
        ["instances.0"] = ["prompt", "image", "lastFrame", "referenceImages", "video", "mask"],
        ["instances.0.image"] = ["bytesBase64Encoded", "gcsUri", "mimeType"],
        ["parameters"] =
        [
            "aspectRatio", "durationSeconds", "resolution", "generateAudio", "sampleCount", "seed", "negativePrompt", "personGeneration",
            "enhancePrompt", "storageUri", "compressionQuality", "resizeMode",
        ],
    };

    /// <summary>Google's message for the first unknown field, or null when every field is known.</summary>
    public static string? UnknownField(string method, JsonObject body)
    {
        var schema = method switch
        {
            "generateContent" => GenerateContent,
            "predictLongRunning" => PredictLongRunning,
            _ => null,
        };
        if (schema is null)
        {
            return null;
        }

        if (Unknown(body, schema, "") is { } unknown)
        {
            return unknown;
        }

        if (method != "generateContent")
        {
            return null;
        }

        var contents = body["contents"] as JsonArray ?? [];
        for (var c = 0; c < contents.Count; c++)
        {
            var parts = contents[c]?["parts"] as JsonArray ?? [];
            for (var p = 0; p < parts.Count; p++)
            {
                if (parts[p] is JsonObject part && Unknown(part, Part, $"contents[{c}].parts[{p}]") is { } unknownInPart)
                {
                    return unknownInPart;
                }
            }
        }

        return null;
    }

    private static string? Unknown(JsonObject body, Dictionary<string, HashSet<string>> schema, string prefix)
    {
        foreach (var (path, known) in schema)
        {
            var node = path.Length == 0 ? body : path.Split('.').Aggregate<string, JsonNode?>(body, (n, key) => int.TryParse(key, out var i)
                ? n is JsonArray items && i < items.Count ? items[i] : null
                : n is JsonObject fields ? fields[key] : null);
            if (node is not JsonObject fields)
            {
                continue;
            }

            foreach (var (name, _) in fields)
            {
                if (!known.Contains(name))
                {
                    var where = string.Join('.', new[] { prefix, Snake(path) }.Where(w => w.Length > 0));
                    var at = where.Length == 0 ? "" : $" at '{where}'";
                    return $"Invalid JSON payload received. Unknown name \"{name}\"{at}: Cannot find field.";
                }
            }
        }

        return null;
    }

    private static string Snake(string path) =>
        string.Concat(path.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));
}
