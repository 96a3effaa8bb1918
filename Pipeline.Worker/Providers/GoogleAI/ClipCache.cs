using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Finished Veo clips, kept with the store's paid work from the moment they are downloaded, per version of their
/// lesson, so a failure after a clip was paid for, the lesson made again unchanged, or another replica making it, never
/// pays for it again.
/// </summary>
public sealed class ClipCache(IPaidWork paid)
{
    private const string Kind = "clips";

    public Task<string?> FindAsync(ClipId clip, CancellationToken cancellationToken) =>
        paid.FindAsync(Kind, clip.Version, clip.Name, cancellationToken);

    public async Task<string> SaveAsync(ClipId clip, byte[] video, CancellationToken cancellationToken)
    {
        var partial = paid.TemporaryPath(Kind, clip.Version, clip.Name);
        try
        {
            await File.WriteAllBytesAsync(partial, video, cancellationToken);
            return await paid.KeepAsync(Kind, clip.Version, clip.Name, partial, cancellationToken);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>The lesson is stored: the clips of its other versions go; those of this version stay for it made again.</summary>
    public Task ReleaseAsync(LessonVersion keep, CancellationToken cancellationToken) => paid.ReleaseAsync(Kind, keep, cancellationToken);
}
