using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;

namespace VideoGen.Bench;

/// <summary>Stages that do no work, so what is measured is the graph, the stage runner and Redis.</summary>
internal sealed class InstantStages : IEnhancer, INarrator, IRenderer, ILessonStore
{
    private static readonly Narration Spoken = new("n.wav", [new NarrationSegment("t", TimeSpan.Zero, TimeSpan.FromSeconds(1))], TimeSpan.FromSeconds(1));
    private static readonly RenderedVideo Rendered = new("v.mp4", "t.jpg", "s.vtt");

    public string Settings => "instant";

    public Task<LessonScript> EnhanceAsync(Lesson lesson, CancellationToken cancellationToken) =>
        Task.FromResult(new LessonScript(lesson.Title, "", [new Scene(lesson.Title, lesson.Title, "")]));

    public Task<Narration> NarrateAsync(LessonScript script, DirectoryInfo workFolder, CancellationToken cancellationToken) => Task.FromResult(Spoken);

    public Task<RenderedVideo> RenderAsync(LessonScript script, Narration narration, LessonFootage footage, DirectoryInfo workFolder, CancellationToken cancellationToken) =>
        Task.FromResult(Rendered);

    public Task<string?> FindVideoAsync(LessonKey lesson, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task<IReadOnlyDictionary<LessonKey, StoredVideo>> ListAsync(IReadOnlyCollection<LessonKey> lessons, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<LessonKey, StoredVideo>>(new Dictionary<LessonKey, StoredVideo>());

    public Task<string> StoreAsync(LessonKey lesson, RenderedVideo video, StoredRecord record, CancellationToken cancellationToken) =>
        Task.FromResult($"{lesson}.mp4");
}
