namespace VideoGen.Worker.Stages;

/// <summary>
/// The presenter: an instructor in a corner of the video, speaking the narration. Made once the narration exists,
/// before the video is composed; <c>off</c> makes none.
/// </summary>
public interface IPresenter
{
    /// <summary>Everything in this presenter's settings that changes the video; part of each lesson's fingerprint.</summary>
    string Settings { get; }

    /// <summary>How many lessons may wait for a remote presenter at once beside those being composed; 0 for a local one.</summary>
    int MaxWaitingLessons { get; }

    /// <summary>The presenter's track for the whole narration, or null for none.</summary>
    Task<PresenterTrack?> MakeAsync(LessonVersion lesson, Narration narration, DirectoryInfo workFolder, CancellationToken cancellationToken);
}

/// <summary>
/// A square video of the presenter, as long as the narration and in step with it, to be shown in the corner through a
/// round mask.
/// </summary>
public sealed record PresenterTrack(string VideoPath)
{
    /// <summary>What the report should say about it, such as a presenter drawn locally instead.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
