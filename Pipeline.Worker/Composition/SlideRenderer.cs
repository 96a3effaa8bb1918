using Microsoft.Extensions.Options;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Media;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Composition;

/// <summary>The render of every provider: a slide for every scene, or the clip generated for it where there is one.</summary>
public sealed class SlideRenderer(SlideVideoComposer composer, MermaidDiagrams diagrams, LessonImages images, IOptions<LocalProviderOptions> options) : IRenderer
{
    public string Settings => composer.Settings;

    public async Task<RenderedVideo> RenderAsync(
        LessonScript script, Narration narration, LessonFootage footage, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var clips = new List<ClipPlacement>();
        foreach (var clip in footage.Clips)
        {
            var probe = await MediaProbe.ReadAsync(clip.Path, options.Value.ToolTimeout, cancellationToken);
            if (probe.Video is null)
            {
                // Gone, the next attempt fetches it anew instead of meeting the same broken file.
                File.Delete(clip.Path);
                throw StageException.Permanent($"the clip generated for scene {clip.Segment} has no video stream");
            }

            clips.Add(new ClipPlacement(clip.Segment, clip.Path, probe.Audio is not null, clip.IsShot, probe.Video.Duration ?? (probe.Duration > TimeSpan.Zero ? probe.Duration : null)));
        }

        script = Illustrated(script, footage.Illustrations);
        var pictures = await PicturesAsync(script, clips, workFolder, cancellationToken);
        var video = await composer.ComposeAsync(script, narration, clips, footage.Presenter, workFolder, cancellationToken, pictures);
        return video with
        {
            LostClips = footage.LostClips.Count == 0 ? null : footage.LostClips,
            Warnings = [.. footage.Warnings, .. footage.Presenter?.Warnings ?? [], .. pictures.Warnings],
        };
    }

    /// <summary>
    /// Each scene with a generated illustration shows it as its picture, beside its key points, as a lesson's own picture
    /// is shown. It has no alt text or caption: nothing of it is read out or written on the slide.
    /// </summary>
    private static LessonScript Illustrated(LessonScript script, IReadOnlyDictionary<int, string> illustrations) => illustrations.Count == 0
        ? script
        : script with
        {
            Scenes = [.. script.Scenes.Select((scene, i) => scene.Asset is null && illustrations.TryGetValue(i + 1, out var path)
                ? scene with { Asset = new ImageAsset($"illustration-{i + 1}", path, "", null) }
                : scene)],
        };

    /// <summary>Draws the diagrams and fetches the pictures of the scenes whose slide is shown (not covered by a clip).</summary>
    private async Task<AssetPictures> PicturesAsync(LessonScript script, List<ClipPlacement> clips, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var shown = script.Scenes.Select((scene, i) => (scene.Asset, Segment: i + 1)).Where(s => s.Asset is not null && clips.All(c => c.Segment != s.Segment)).Select(s => s.Asset!).ToList();
        if (shown.Count == 0)
        {
            return AssetPictures.None;
        }

        var folder = Path.Combine(workFolder.FullName, "assets");
        var (drawn, diagramWarnings) = await diagrams.DrawAsync(shown.OfType<DiagramAsset>().ToList(), folder, cancellationToken);
        var (fetched, imageWarnings) = await images.FetchAsync(shown.OfType<ImageAsset>().ToList(), folder, cancellationToken);
        return new AssetPictures(drawn.Concat(fetched).ToDictionary(), [.. diagramWarnings, .. imageWarnings]);
    }
}
