namespace VideoGen.Worker.Stages;

/// <summary>
/// Generated media that was paid for (Veo clips, NeoVerse shots, talking heads), kept per version of its lesson beside
/// the finished videos, where every replica and every later run finds it. Callers get local files to work with; a file
/// kept by another machine is fetched first.
/// </summary>
public interface IPaidWork
{
    /// <summary>The kept file as a local path, or null when it was never kept (or its lesson has changed since).</summary>
    /// <param name="kind">What it is, such as <c>clips</c>: each kind is kept apart.</param>
    /// <param name="name">Its name within the lesson's version, such as <c>0.mp4</c>.</param>
    Task<string?> FindAsync(string kind, LessonVersion version, string name, CancellationToken cancellationToken);

    /// <summary>A local path to write a file to before it is kept: never a kept file's name.</summary>
    string TemporaryPath(string kind, LessonVersion version, string name);

    /// <summary>Keeps a finished file, moving it in; returns the kept file's local path.</summary>
    Task<string> KeepAsync(string kind, LessonVersion version, string name, string file, CancellationToken cancellationToken);

    /// <summary>Deletes the lesson's kept files of this kind and of every version but <paramref name="keep"/>.</summary>
    Task DeleteOtherVersionsAsync(string kind, LessonVersion keep, CancellationToken cancellationToken);

    /// <summary>
    /// The lesson is stored: its files of other versions are deleted, and this machine's copies too where the store keeps
    /// them elsewhere. The files of this version stay kept, for the lesson made again unchanged.
    /// </summary>
    Task ReleaseAsync(string kind, LessonVersion keep, CancellationToken cancellationToken);
}
