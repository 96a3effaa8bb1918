namespace VideoGen.Worker.Telemetry;

/// <summary>
/// What one lesson's making has paid for, so the report can say what each course cost. The lesson whose stage is
/// running is carried in the async flow, into the tasks its stages start (its Veo clips are made beside the spine), so
/// a payment is counted to the lesson it was made for.
/// </summary>
public sealed class LessonSpend
{
    private static readonly AsyncLocal<LessonSpend?> Current = new();

    private long _microDollars;

    /// <summary>The lesson whose work runs in this async flow, or null outside a lesson's stages.</summary>
    public static LessonSpend? Running
    {
        get => Current.Value;
        set => Current.Value = value;
    }

    public decimal Dollars => Interlocked.Read(ref _microDollars) / 1_000_000m;

    public void Add(decimal dollars) => Interlocked.Add(ref _microDollars, (long)Math.Round(dollars * 1_000_000m));
}
