using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;

namespace VideoGen.Worker.Providers.Vertex;

/// <summary>
/// Finished Veo clips, kept in <c>&lt;output&gt;/.clips</c> from the moment they are downloaded until their lesson is
/// stored, so a failure after a clip was paid for never pays for it again. A clip is written under a temporary name
/// and renamed, so a crash never leaves half a clip that looks whole.
/// </summary>
public sealed class ClipCache(IOptions<WorkerOptions> worker)
{
    private readonly string _folder = Path.Combine(Path.GetFullPath(worker.Value.Output), ".clips");

    public string? Find(LessonKey lesson, int scene) => File.Exists(PathOf(lesson, scene)) ? PathOf(lesson, scene) : null;

    public async Task<string> SaveAsync(LessonKey lesson, int scene, byte[] clip, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        var path = PathOf(lesson, scene);
        var partial = path + ".partial";
        await File.WriteAllBytesAsync(partial, clip, cancellationToken);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    public void Delete(LessonKey lesson)
    {
        if (Directory.Exists(_folder))
        {
            foreach (var clip in Directory.EnumerateFiles(_folder, $"{lesson.FlatName}__*"))
            {
                File.Delete(clip);
            }
        }
    }

    private string PathOf(LessonKey lesson, int scene) => Path.Combine(_folder, $"{lesson.FlatName}__{scene}.mp4");
}
