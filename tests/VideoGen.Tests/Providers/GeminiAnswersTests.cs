using System.Text.Json;
using VideoGen.Worker.Providers.GoogleAI;
using VideoGen.Worker.Stages;

namespace VideoGen.Tests.Providers;

/// <summary>Every shape of answer Gemini really sends becomes a text, or a failure with its reason and whether to try again.</summary>
public sealed class GeminiAnswersTests
{
    private static GenerateContentResponse Parse(string json) => JsonSerializer.Deserialize<GenerateContentResponse>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    [Fact]
    public void A_whole_answer_gives_its_text()
    {
        var answer = Parse("""{"candidates":[{"content":{"role":"model","parts":[{"text":"{\"title\":"},{"text":"\"T\"}"}]},"finishReason":"STOP"}]}""");

        Assert.Equal("{\"title\":\"T\"}", GeminiAnswers.Text(answer, "the script"));
    }

    [Theory]
    [InlineData("""{"candidates":[{"content":{"role":"model"},"finishReason":"MAX_TOKENS"}]}""", true, "MAX_TOKENS")]
    [InlineData("""{"candidates":[{"content":{"role":"model","parts":[{"text":"{\"ti"}]},"finishReason":"MAX_TOKENS"}]}""", true, "MAX_TOKENS")]
    [InlineData("""{"candidates":[]}""", true, "no candidate")]
    [InlineData("""{}""", true, "no candidate")]
    [InlineData("""{"candidates":[{"finishReason":"RECITATION"}]}""", true, "RECITATION")]
    [InlineData("""{"candidates":[{"content":{"parts":[{"text":"x"}]},"finishReason":"OTHER"}]}""", true, "OTHER")]
    [InlineData("""{"candidates":[{"content":{"parts":[]},"finishReason":"STOP"}]}""", true, "without content")]
    [InlineData("""{"candidates":[{"content":{"parts":[{"text":""}]},"finishReason":"STOP"}]}""", true, "without text")]
    [InlineData("""{"candidates":[{"finishReason":"SAFETY"}]}""", false, "for safety (SAFETY)")]
    [InlineData("""{"candidates":[{"finishReason":"PROHIBITED_CONTENT"}]}""", false, "PROHIBITED_CONTENT")]
    [InlineData("""{"candidates":[{"finishReason":"BLOCKLIST"}]}""", false, "BLOCKLIST")]
    [InlineData("""{"candidates":[{"finishReason":"SPII"}]}""", false, "SPII")]
    [InlineData("""{"candidates":[{"finishReason":"MODEL_ARMOR"}]}""", false, "Model Armor")]
    [InlineData("""{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT","blockReasonMessage":"not allowed"}}""", false, "refused the script: PROHIBITED_CONTENT not allowed")]
    [InlineData("""{"promptFeedback":{"blockReason":"BLOCKLIST"},"candidates":[{"content":{"parts":[{"text":"x"}]}}]}""", false, "BLOCKLIST")]
    public void Every_other_answer_fails_with_its_reason(string json, bool transient, string reason)
    {
        var error = Assert.Throws<StageException>(() => GeminiAnswers.Text(Parse(json), "the script"));

        Assert.Equal(transient, error.IsTransient);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_cut_off_answer_says_so_so_the_caller_can_ask_with_more_room()
    {
        var error = Assert.Throws<StageException>(() =>
            GeminiAnswers.Text(Parse("""{"candidates":[{"content":{"role":"model"},"finishReason":"MAX_TOKENS"}]}"""), "the script"));

        Assert.Equal(GeminiAnswers.CutOff, error.Reason);
    }

    [Fact]
    public void Speech_without_audio_or_blocked_fails_with_its_reason()
    {
        var noAudio = Assert.Throws<StageException>(() =>
            GeminiAnswers.Audio(Parse("""{"candidates":[{"content":{"parts":[{"text":"hello"}]},"finishReason":"STOP"}]}"""), "the narration"));
        var blocked = Assert.Throws<StageException>(() =>
            GeminiAnswers.Audio(Parse("""{"promptFeedback":{"blockReason":"SAFETY"}}"""), "the narration"));

        Assert.True(noAudio.IsTransient);
        Assert.Contains("without audio", noAudio.Message);
        Assert.False(blocked.IsTransient);
        Assert.Contains("refused the narration", blocked.Message);
    }
}
