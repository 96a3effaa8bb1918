using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Hosting;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Tests.Support;

/// <summary>Stages that do no real work but let a test control their timing and failures and watch them.</summary>
public sealed class FakeStages : IEnhancer, INarrator, IFootageSource, IRenderer, ILessonStore, ILessonLedger
{
    private int _rendersInFlight;
    private int _releasedClaims;
    private int _maxRendersInFlight;

    public string Settings => "fake";

    public Worker.Progress.RunProgress Progress { get; } = new(TimeProvider.System,
        new Worker.Telemetry.PipelineTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()));

    /// <summary>The real graph and stage runner, registered as the worker registers them, with these fakes for every stage.</summary>
    public LessonPipeline CreatePipeline(PipelineOptions options, IMeterFactory? meters = null)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging()
            .AddMetrics()
            .AddLessonPipeline()
            .AddRedisOutagePipeline()
            .AddSingleton(Options.Create(options))
            .AddSingleton(Options.Create(new LedgerOptions()))
            .AddSingleton(Options.Create(new WorkerOptions { Provider = "fake" }))
            .AddSingleton(Progress)
            .AddSingleton<IEnhancer>(this)
            .AddSingleton<INarrator>(this)
            .AddSingleton<IFootageSource>(this)
            .AddSingleton<IRenderer>(this)
            .AddSingleton<ILessonStore>(this)
            .AddSingleton<ILessonLedger>(this);
        if (meters is not null)
        {
            services.AddSingleton(meters);
        }

        return services.BuildServiceProvider().GetRequiredService<LessonPipeline>();
    }

    /// <summary>Where the jobs' work folders go.</summary>
    public WorkFolders WorkFolders { get; } = new(Path.Combine(Path.GetTempPath(), "videogen-fake-" + Guid.NewGuid().ToString("N")), TimeProvider.System);

    /// <summary>Claims released so far; each claimed lesson must release its claim exactly once.</summary>
    public int ReleasedClaims => _releasedClaims;

    /// <summary>Claimed lessons of one course, <paramref name="onCreate"/> called as each is taken.</summary>
    public IAsyncEnumerable<ClaimedLesson> Claimed(int count, Action? onCreate = null) =>
        Enumerable.Range(0, count).Select(i =>
        {
            onCreate?.Invoke();
            var lesson = new Lesson("c", "Course", $"l{i}", $"l{i}", "text", "test");
            return new ClaimedLesson(new PlannedLesson(i, lesson, "fingerprint"), new Claim(this));
        }).ToAsyncEnumerable();

    public IAsyncEnumerable<ClaimedLesson> Claimed(string course, params string[] ids) =>
        ids.Select((id, i) => new ClaimedLesson(new PlannedLesson(i, new Lesson(course, "Course", id, id, "text", "test"), "fingerprint"), new Claim(this)))
            .ToAsyncEnumerable();

    private sealed class Claim(FakeStages stages) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            Assert.Equal(0, Interlocked.Exchange(ref _released, 1));
            Interlocked.Increment(ref stages._releasedClaims);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Called at the start of each render, with the lesson's id; may throw or wait.</summary>
    public Func<string, CancellationToken, Task> OnRender { get; set; } = (_, _) => Task.Delay(5);

    public Func<string, Task> OnNarrate { get; set; } = _ => Task.CompletedTask;

    /// <summary>Called when a lesson's footage is asked for, with the lesson's id; the footage is made when it returns.</summary>
    public Func<string, CancellationToken, Task> OnFootage { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>Zero: no footage is made, as offline.</summary>
    public int MaxWaitingLessons { get; set; }

    /// <summary>Lessons whose footage was asked for, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> FootageAsked { get; } = [];

    public System.Collections.Concurrent.ConcurrentQueue<LessonVersion> FootageReleased { get; } = [];

    public int MaxRendersInFlight => _maxRendersInFlight;

    public System.Collections.Concurrent.ConcurrentDictionary<LessonKey, string> Finished { get; } = new();

    public System.Collections.Concurrent.ConcurrentBag<LessonKey> Stored { get; } = [];

    public Task<LessonScript> EnhanceAsync(Lesson lesson, CancellationToken cancellationToken) =>
        Task.FromResult(new LessonScript(lesson.Id, "", [new Scene(lesson.Text, lesson.Text, "")]));

    public async Task<Narration> NarrateAsync(LessonScript script, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        await OnNarrate(script.Title);
        return new Narration("n.wav", [new NarrationSegment(script.Title, TimeSpan.Zero, TimeSpan.FromSeconds(1))], TimeSpan.FromSeconds(1));
    }

    public Task<SceneClip?> RemakeAsync(LessonVersion lesson, LessonScript script, int segment, int take, CancellationToken cancellationToken) =>
        Task.FromResult<SceneClip?>(null);

    public async Task<LessonFootage> MakeAsync(LessonVersion lesson, LessonScript script, CancellationToken cancellationToken)
    {
        FootageAsked.Enqueue(script.Title);
        await OnFootage(script.Title, cancellationToken);
        return LessonFootage.None;
    }

    public Task ReleaseAsync(LessonVersion lesson, CancellationToken cancellationToken)
    {
        FootageReleased.Enqueue(lesson);
        return Task.CompletedTask;
    }

    public async Task<RenderedVideo> RenderAsync(
        LessonScript script, Narration narration, LessonFootage footage, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _rendersInFlight);
        InterlockedMax(ref _maxRendersInFlight, now);
        try
        {
            await OnRender(script.Title, cancellationToken);
            return new RenderedVideo("v.mp4", "t.jpg", "s.vtt");
        }
        finally
        {
            Interlocked.Decrement(ref _rendersInFlight);
        }
    }

    public Task<string?> FindVideoAsync(LessonKey lesson, CancellationToken cancellationToken) =>
        Task.FromResult(Stored.Contains(lesson) ? $"{lesson}.mp4" : null);

    public Task<IReadOnlyDictionary<LessonKey, StoredVideo>> ListAsync(IReadOnlyCollection<LessonKey> lessons, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<LessonKey, StoredVideo>>(
            lessons.Where(Stored.Contains).ToDictionary(k => k, k => new StoredVideo($"{k}.mp4", Records.GetValueOrDefault(k))));

    /// <summary>The record each stored video came with.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<LessonKey, StoredRecord> Records { get; } = new();

    public Task<string> StoreAsync(LessonKey lesson, RenderedVideo video, StoredRecord record, CancellationToken cancellationToken)
    {
        Records[lesson] = record;
        Stored.Add(lesson);
        return Task.FromResult($"{lesson}.mp4");
    }

    public Task EnsureReachableAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyDictionary<LessonKey, string>> ReadFinishedAsync(IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<LessonKey, string>>(lessons.Where(Finished.ContainsKey).ToDictionary(k => k, k => Finished[k]));

    public Task MarkFinishedAsync(LessonKey lesson, string fingerprint, CancellationToken cancellationToken)
    {
        Finished[lesson] = fingerprint;
        return Task.CompletedTask;
    }

    public Task RestoreFinishedAsync(IReadOnlyDictionary<LessonKey, string> fingerprints, CancellationToken cancellationToken)
    {
        foreach (var (lesson, fingerprint) in fingerprints)
        {
            Finished[lesson] = fingerprint;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<LessonKey, LessonFailure>> ReadFailuresAsync(IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<LessonKey, LessonFailure>>(new Dictionary<LessonKey, LessonFailure>());

    public Task RecordFailureAsync(LessonKey lesson, LessonFailure failure, CancellationToken cancellationToken) => Task.CompletedTask;

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
