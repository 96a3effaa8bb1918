using Microsoft.Extensions.Options;
using VideoGen.Worker.Composition;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;

namespace VideoGen.Tests.Support;

/// <summary>The slide renderer as the worker builds it, with the default diagram and picture settings.</summary>
public static class Renderers
{
    public static SlideRenderer Slides(SlideVideoComposer composer, IOptions<LocalProviderOptions> options) =>
        new(composer, new MermaidDiagrams(Options.Create(new DiagramOptions())), new LessonImages(Options.Create(new ImageOptions())), options);
}
