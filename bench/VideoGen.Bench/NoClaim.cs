namespace VideoGen.Bench;

/// <summary>The benchmark runs one worker: its lessons need no claim against others.</summary>
internal sealed class NoClaim : IAsyncDisposable
{
    public static readonly NoClaim Instance = new();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
