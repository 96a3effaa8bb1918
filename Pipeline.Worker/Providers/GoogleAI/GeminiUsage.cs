namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>The tokens, and their price, that the Gemini calls of one piece of work used.</summary>
public sealed class GeminiUsage(GenAIClient client)
{
    public long Tokens { get; private set; }

    public decimal Dollars { get; private set; }

    public void Add(string model, GenerateContentResponse response)
    {
        if (response.UsageMetadata is { } usage)
        {
            Tokens += (usage.PromptTokenCount ?? 0) + (usage.CandidatesTokenCount ?? 0) + (usage.ThoughtsTokenCount ?? 0);
            Dollars += client.Price(model, usage);
        }
    }
}
