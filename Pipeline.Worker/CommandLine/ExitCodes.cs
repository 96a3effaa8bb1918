namespace VideoGen.Worker.CommandLine;

public static class ExitCodes
{
    /// <summary>Every lesson was made or skipped.</summary>
    public const int Success = 0;

    /// <summary>The run finished, but at least one lesson failed.</summary>
    public const int LessonsFailed = 1;

    /// <summary>The run could not start: bad catalog, bad configuration, Redis unreachable; or it stopped because every lesson would fail.</summary>
    public const int CannotStart = 2;

    /// <summary>The run stopped at the spending cap (<c>--max-spend</c>): what was made is kept, the rest is not started.</summary>
    public const int BudgetReached = 3;
}
