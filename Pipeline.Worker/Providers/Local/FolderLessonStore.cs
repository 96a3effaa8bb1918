using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// Keeps videos in the output folder as <c>&lt;course&gt;/&lt;lesson&gt;.mp4</c> with its <c>.vtt</c> and
/// <c>.jpg</c>. Files are rendered inside the output folder, so each one arrives under its final name by a
/// rename, which is atomic: a file under a final name is always complete. The video moves last, so its
/// presence means the set is complete.
/// </summary>
public sealed class FolderLessonStore(IOptions<WorkerOptions> options) : ILessonStore
{
    private readonly string _root = Path.GetFullPath(options.Value.Output);

    public Task<string?> FindVideoAsync(LessonKey lesson, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(PathOf(lesson, ".mp4")) ? Relative(lesson) : null);

    public Task<string> StoreAsync(LessonKey lesson, RenderedVideo video, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(PathOf(lesson, ".mp4"))!;
        try
        {
            Directory.CreateDirectory(folder);
            File.Move(video.ThumbnailPath, PathOf(lesson, ".jpg"), overwrite: true);
            File.Move(video.SubtitlesPath, PathOf(lesson, ".vtt"), overwrite: true);
            File.Move(video.VideoPath, PathOf(lesson, ".mp4"), overwrite: true);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw StageException.Permanent($"the output folder {folder} is not writable: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            // A full disk or a lost mount can be mended; the lesson is tried again by the next run.
            throw StageException.Transient($"could not write the lesson's files to {folder}: {ex.Message}", ex, "io");
        }

        return Task.FromResult(Relative(lesson));
    }

    private string Relative(LessonKey lesson) => Path.GetRelativePath(_root, PathOf(lesson, ".mp4"));

    private string PathOf(LessonKey lesson, string extension)
    {
        var path = Path.GetFullPath(Path.Combine(_root, lesson.CourseId, lesson.LessonId + extension));
        // Ids are checked when the catalog is read; this guards the rule that nothing is written outside the output.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw StageException.Permanent($"'{lesson}' would be stored outside the output folder");
        }

        return path;
    }
}
