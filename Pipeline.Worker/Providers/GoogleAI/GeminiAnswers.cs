using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Reads what Gemini really answers: a block of the prompt, no candidate, a candidate stopped early or without parts.
/// Each becomes a failure with a reason a person understands, permanent where asking again cannot help.
/// </summary>
public static class GeminiAnswers
{
    /// <summary>The reason of a failure where the answer ran out of output tokens; a caller may ask again with more room.</summary>
    public const string CutOff = "max_tokens";

    private static readonly HashSet<string> Blocked =
        ["SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION"];

    /// <summary>The text of the first candidate; <paramref name="what"/> names it in failures, e.g. "the script".</summary>
    public static string Text(GenerateContentResponse response, string what)
    {
        var parts = Parts(response, what);
        var text = string.Concat(parts.Select(p => p.Text));
        return text.Length > 0 ? text : throw StageException.Transient($"Gemini answered {what} without text", reason: "malformed");
    }

    /// <summary>The audio of the first candidate.</summary>
    public static InlineData Audio(GenerateContentResponse response, string what) =>
        Parts(response, what).Select(p => p.InlineData).FirstOrDefault(d => d is not null)
        ?? throw StageException.Transient($"Gemini TTS answered {what} without audio", reason: "malformed");

    private static IReadOnlyList<Part> Parts(GenerateContentResponse response, string what)
    {
        if (response.PromptFeedback?.BlockReason is { Length: > 0 } block)
        {
            throw StageException.Permanent($"Gemini refused {what}: {block} {response.PromptFeedback.BlockReasonMessage}".Trim());
        }

        var candidate = response.Candidates?.FirstOrDefault()
            ?? throw StageException.Transient($"Gemini answered {what} with no candidate", reason: "malformed");
        var finish = candidate.FinishReason ?? "";
        if (Blocked.Contains(finish))
        {
            throw StageException.Permanent($"Gemini stopped {what} for safety ({finish})");
        }

        if (finish == "MODEL_ARMOR")
        {
            throw StageException.Permanent($"Model Armor blocked {what} (MODEL_ARMOR)");
        }

        if (finish == "MAX_TOKENS")
        {
            throw StageException.Transient($"Gemini ran out of output tokens before finishing {what} (MAX_TOKENS)", reason: CutOff);
        }

        if (candidate.Content?.Parts is not { Count: > 0 } parts)
        {
            // RECITATION, OTHER and an empty STOP come back without parts; another attempt usually answers.
            throw StageException.Transient($"Gemini answered {what} without content ({(finish.Length > 0 ? finish : "no finish reason")})", reason: "malformed");
        }

        return finish is "" or "STOP" or "FINISH_REASON_UNSPECIFIED"
            ? parts
            : throw StageException.Transient($"Gemini stopped {what} early ({finish})", reason: "malformed");
    }
}
