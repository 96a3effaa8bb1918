namespace VideoGen.Worker.CommandLine;

public static class ExitCodes
{
    /// <summary>Every lesson was made or skipped.</summary>
    public const int Success = 0;

    /// <summary>The run finished, but at least one lesson failed.</summary>
    public const int LessonsFailed = 1;

    /// <summary>The run could not start: bad catalog, bad configuration, Redis unreachable.</summary>
    public const int CannotStart = 2;
}
