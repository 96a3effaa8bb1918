using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Providers.Vertex;

namespace VideoGen.Bench;

/// <summary>
/// The render stage's Veo part only: starts (under the adaptive limit), polls and downloads the clip of the first
/// scene, with the operation ledger in Redis, but skips the ffmpeg composition, whose CPU time would swamp a
/// time-scaled run and is the same for every schedule.
/// </summary>
internal sealed class ClipOnlyRenderer(VeoClips clips) : IRenderer
{
    public string Settings => "bench-clip-only";

    public async Task<RenderedVideo> RenderAsync(
        LessonVersion lesson, LessonScript script, Narration narration, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var clip = await clips.GetClipAsync(new ClipId(lesson, 0), script.Scenes[0].VisualPrompt, cancellationToken);
        return new RenderedVideo(clip.Path ?? "", "", "", clip.Lost is { } lost ? [lost] : null);
    }

    public Task ReleaseAsync(LessonVersion lesson, CancellationToken cancellationToken) => clips.ReleaseAsync(lesson, cancellationToken);
}
