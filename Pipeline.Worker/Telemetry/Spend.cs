namespace VideoGen.Worker.Telemetry;

/// <summary>What a payment was for: the report and the spend metric break dollars down by these.</summary>
public static class SpendPurpose
{
    public const string Script = "script";
    public const string Narration = "narration";
    public const string Clips = "clips";
    public const string Images = "images";
    public const string Review = "review";
}

/// <summary>
/// What was paid for: Gemini tokens, Veo clips and seconds, and their estimated price at the models' rates, in all and
/// by <see cref="SpendPurpose"/>.
/// </summary>
public sealed record Spend(long PromptTokens, long CandidateTokens, long ThoughtTokens, int VeoClips, int VeoSeconds, decimal EstimatedDollars)
{
    public static readonly Spend None = new(0, 0, 0, 0, 0, 0m);

    /// <summary>Dollars by purpose (<c>script</c>, <c>narration</c>, <c>clips</c>, <c>review</c>); purposes with nothing spent are left out.</summary>
    public IReadOnlyDictionary<string, decimal> ByPurpose { get; init; } = new Dictionary<string, decimal>();

    public Spend Since(Spend earlier) => new(
        PromptTokens - earlier.PromptTokens, CandidateTokens - earlier.CandidateTokens, ThoughtTokens - earlier.ThoughtTokens,
        VeoClips - earlier.VeoClips, VeoSeconds - earlier.VeoSeconds, EstimatedDollars - earlier.EstimatedDollars)
    {
        ByPurpose = ByPurpose
            .Select(p => (p.Key, Dollars: p.Value - earlier.ByPurpose.GetValueOrDefault(p.Key)))
            .Where(p => p.Dollars != 0)
            .ToDictionary(p => p.Key, p => p.Dollars),
    };
}

/// <summary>Running totals behind <see cref="Spend"/>, added to from many lessons at once.</summary>
internal sealed class SpendTally
{
    private readonly Lock _lock = new();
    private Spend _total = Spend.None;

    public void AddTokens(string purpose, int prompt, int candidates, int thoughts, decimal dollars)
    {
        lock (_lock)
        {
            _total = _total with
            {
                PromptTokens = _total.PromptTokens + prompt,
                CandidateTokens = _total.CandidateTokens + candidates,
                ThoughtTokens = _total.ThoughtTokens + thoughts,
                EstimatedDollars = _total.EstimatedDollars + dollars,
                ByPurpose = Plus(purpose, dollars),
            };
        }
    }

    public void AddClip(int seconds, decimal dollars)
    {
        lock (_lock)
        {
            _total = _total with
            {
                VeoClips = _total.VeoClips + 1,
                VeoSeconds = _total.VeoSeconds + seconds,
                EstimatedDollars = _total.EstimatedDollars + dollars,
                ByPurpose = Plus(SpendPurpose.Clips, dollars),
            };
        }
    }

    private Dictionary<string, decimal> Plus(string purpose, decimal dollars)
    {
        var byPurpose = new Dictionary<string, decimal>(_total.ByPurpose);
        byPurpose[purpose] = byPurpose.GetValueOrDefault(purpose) + dollars;
        return byPurpose;
    }

    public Spend Snapshot()
    {
        lock (_lock)
        {
            return _total;
        }
    }
}
