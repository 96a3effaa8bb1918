using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Media;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Vertex;

/// <summary>Renders with Veo 3.1 clips for the first scenes (up to <c>Vertex:MaxClipsPerLesson</c>) and slides for the rest.</summary>
public sealed class VeoRenderer(
    VeoClips veo,
    SlideVideoComposer composer,
    IOptions<VertexOptions> options,
    IOptions<LocalProviderOptions> slides) : IRenderer
{
    private readonly VertexOptions _options = options.Value;

    public string Settings =>
        $"veo/1;model={_options.VideoModel};clips={_options.MaxClipsPerLesson};seconds={_options.ClipSeconds};" +
        $"aspect={_options.AspectRatio};resolution={_options.Resolution};{composer.Settings}";

    public async Task<RenderedVideo> RenderAsync(
        LessonVersion lesson, LessonScript script, Narration narration, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var clips = new List<ClipPlacement>();
        var lost = new List<LostClip>();
        for (var scene = 0; scene < Math.Min(_options.MaxClipsPerLesson, script.Scenes.Count); scene++)
        {
            var clip = await veo.GetClipAsync(new ClipId(lesson, scene), script.Scenes[scene].VisualPrompt, cancellationToken);
            if (clip.Path is not { } path)
            {
                // The answer was lost: the scene stays a slide, and the report says which clip and what it asked for.
                lost.Add(clip.Lost!);
                continue;
            }

            var probe = await MediaProbe.ReadAsync(path, slides.Value.ToolTimeout, cancellationToken);
            if (probe.Video is null)
            {
                File.Delete(path);
                throw StageException.Permanent($"Veo's clip for scene {scene + 1} has no video stream");
            }

            clips.Add(new ClipPlacement(scene + 1, path, probe.Audio is not null));
        }

        var video = await composer.ComposeAsync(script, narration, clips, workFolder, cancellationToken);
        return lost.Count == 0 ? video : video with { LostClips = lost };
    }

    public Task ReleaseAsync(LessonVersion lesson, CancellationToken cancellationToken) => veo.ReleaseAsync(lesson, cancellationToken);
}
