using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Media;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Finished Veo clips, kept in <c>&lt;output&gt;/.clips</c> from the moment they are downloaded, per version of their
/// lesson, so a failure after a clip was paid for, or the lesson made again unchanged, never pays for it again. A clip is written under a temporary name
/// and renamed, so a crash never leaves half a clip that looks whole.
/// </summary>
public sealed class ClipCache(IOptions<WorkerOptions> worker)
{
    private readonly string _folder = Path.Combine(Path.GetFullPath(worker.Value.Output), ".clips");

    public string? Find(ClipId clip) => File.Exists(PathOf(clip)) ? PathOf(clip) : null;

    public async Task<string> SaveAsync(ClipId clip, byte[] video, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        var path = PathOf(clip);
        var partial = path + ".partial";
        await File.WriteAllBytesAsync(partial, video, cancellationToken);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>Deletes the lesson's clips of every version but this one.</summary>
    public void DeleteOtherVersions(LessonVersion keep) => VersionedFiles.DeleteOtherVersions(_folder, keep);

    private string PathOf(ClipId clip) => Path.Combine(_folder, clip.FileName);
}
