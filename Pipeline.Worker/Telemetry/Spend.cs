namespace VideoGen.Worker.Telemetry;

/// <summary>What was paid for: Gemini tokens, Veo clips and seconds, and their estimated price at the configured rates.</summary>
public sealed record Spend(long PromptTokens, long CandidateTokens, long ThoughtTokens, int VeoClips, int VeoSeconds, decimal EstimatedDollars)
{
    public static readonly Spend None = new(0, 0, 0, 0, 0, 0m);

    public Spend Since(Spend earlier) => new(
        PromptTokens - earlier.PromptTokens, CandidateTokens - earlier.CandidateTokens, ThoughtTokens - earlier.ThoughtTokens,
        VeoClips - earlier.VeoClips, VeoSeconds - earlier.VeoSeconds, EstimatedDollars - earlier.EstimatedDollars);
}

/// <summary>Running totals behind <see cref="Spend"/>, added to from many lessons at once.</summary>
internal sealed class SpendTally
{
    private readonly Lock _lock = new();
    private Spend _total = Spend.None;

    public void AddTokens(int prompt, int candidates, int thoughts, decimal dollars)
    {
        lock (_lock)
        {
            _total = _total with
            {
                PromptTokens = _total.PromptTokens + prompt,
                CandidateTokens = _total.CandidateTokens + candidates,
                ThoughtTokens = _total.ThoughtTokens + thoughts,
                EstimatedDollars = _total.EstimatedDollars + dollars,
            };
        }
    }

    public void AddClip(int seconds, decimal dollars)
    {
        lock (_lock)
        {
            _total = _total with { VeoClips = _total.VeoClips + 1, VeoSeconds = _total.VeoSeconds + seconds, EstimatedDollars = _total.EstimatedDollars + dollars };
        }
    }

    public Spend Snapshot()
    {
        lock (_lock)
        {
            return _total;
        }
    }
}
