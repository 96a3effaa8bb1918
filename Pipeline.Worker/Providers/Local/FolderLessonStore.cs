using System.Text.Json;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// Keeps videos in the output folder as <c>&lt;course&gt;/&lt;lesson&gt;.mp4</c> with its <c>.vtt</c>, <c>.jpg</c> and
/// <c>.json</c> (the record of what it was made from). Files are rendered inside the output folder, so each one
/// arrives under its final name by a rename, which is atomic: a file under a final name is always complete. The video
/// moves after its subtitles and thumbnail, so its presence means the set is complete; the record comes last, so a
/// record always describes the video beside it.
/// </summary>
public sealed class FolderLessonStore(IOptions<WorkerOptions> options) : ILessonStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string _root = Path.GetFullPath(options.Value.Output);

    public Task<string?> FindVideoAsync(LessonKey lesson, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(PathOf(lesson, ".mp4")) ? Relative(lesson) : null);

    public async Task<IReadOnlyDictionary<LessonKey, StoredVideo>> ListAsync(IReadOnlyCollection<LessonKey> lessons, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<LessonKey, StoredVideo>();
        foreach (var course in lessons.GroupBy(l => l.CourseId))
        {
            // One listing per course folder, not a look per lesson.
            var folder = Path.Combine(_root, course.Key);
            var files = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var lesson in course.Where(l => files.Contains(l.LessonId + ".mp4")))
            {
                var record = files.Contains(lesson.LessonId + ".json") ? await ReadRecordAsync(PathOf(lesson, ".json"), cancellationToken) : null;
                stored[lesson] = new StoredVideo(Relative(lesson), record);
            }
        }

        return stored;
    }

    public async Task<string> StoreAsync(LessonKey lesson, RenderedVideo video, StoredRecord record, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(PathOf(lesson, ".mp4"))!;
        var partial = PathOf(lesson, ".json.partial");
        try
        {
            Directory.CreateDirectory(folder);
            File.Move(video.ThumbnailPath, PathOf(lesson, ".jpg"), overwrite: true);
            File.Move(video.SubtitlesPath, PathOf(lesson, ".vtt"), overwrite: true);
            // The old record goes first: a crash before the new one is written leaves a video without a record, never a
            // record of another video.
            File.Delete(PathOf(lesson, ".json"));
            File.Move(video.VideoPath, PathOf(lesson, ".mp4"), overwrite: true);
            await File.WriteAllTextAsync(partial, JsonSerializer.Serialize(record, Json), CancellationToken.None);
            File.Move(partial, PathOf(lesson, ".json"), overwrite: true);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw StageException.Permanent($"the output folder {folder} is not writable: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            DeleteQuietly(partial);
            // A full disk or a lost mount can be mended; the lesson is tried again by the next run.
            throw StageException.Transient($"could not write the lesson's files to {folder}: {ex.Message}", ex, "io");
        }

        return Relative(lesson);
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Its folder cannot be written either; nothing was left there.
        }
    }

    /// <summary>A record that cannot be read is no record: the lesson is made again rather than skipped on a guess.</summary>
    private static async Task<StoredRecord?> ReadRecordAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var record = JsonSerializer.Deserialize<StoredRecord>(await File.ReadAllTextAsync(path, cancellationToken), Json);
            return record is { Fingerprint.Length: > 0, Version.Length: > 0 } ? record : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
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
