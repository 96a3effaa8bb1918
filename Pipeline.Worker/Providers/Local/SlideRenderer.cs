using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Local;

/// <summary>The offline render: a slide for every scene, no generated clips.</summary>
public sealed class SlideRenderer(SlideVideoComposer composer) : IRenderer
{
    public string Settings => composer.Settings;

    public Task<RenderedVideo> RenderAsync(
        LessonVersion lesson, LessonScript script, Narration narration, DirectoryInfo workFolder, CancellationToken cancellationToken) =>
        composer.ComposeAsync(script, narration, [], workFolder, cancellationToken);
}
