using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using VideoGen.Worker.Hosting;
using VideoGen.Worker.Media;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Providers.GoogleAI;
using VideoGen.Worker.Stages;

namespace VideoGen.Bench;

/// <summary>
/// The worker's own registrations (Redis ledgers, the pipeline, and for the throughput runs the vertex stages with
/// their HTTP clients and shared clip quota, pointed at the emulator), configured as a user would configure them.
/// </summary>
internal static class BenchStack
{
    /// <summary>The pipeline on a real Redis ledger with stages that do no work.</summary>
    public static ServiceProvider Overhead(LocalRedis redis)
    {
        var stages = new InstantStages();
        return Base(redis.Connection, new Dictionary<string, string?>
            {
                ["VideoGen:Provider"] = "local",
                ["VideoGen:Catalog"] = "generated",
                ["VideoGen:Output"] = Path.Combine(Path.GetTempPath(), "videogen-bench-overhead"),
            })
            .AddSingleton<IEnhancer>(stages)
            .AddSingleton<INarrator>(stages)
            .AddSingleton<IFootageSource, NoFootage>()
            .AddSingleton<IRenderer>(stages)
            .AddSingleton<ILessonStore>(stages)
            .BuildServiceProvider();
    }

    /// <summary>
    /// The vertex stages against the emulator, with every wait of the product divided by the time scale, the clip quota
    /// shared through Redis on the given connection, composition replaced by the same CPU work scaled, and an instant store.
    /// </summary>
    /// <param name="catalogRuns">Also the catalog run around the pipeline (planning, claims, shared outcomes, the report).</param>
    public static ServiceProvider Vertex(IConnectionMultiplexer redis, string emulator, VertexRun run, double timeScale, string output, bool catalogRuns = false)
    {
        var pipeline = new PipelineOptions();
        var vertex = new GoogleAIOptions();
        var settings = new Dictionary<string, string?>
        {
            ["VideoGen:Provider"] = "vertex",
            ["VideoGen:Catalog"] = "generated",
            ["VideoGen:Output"] = output,
            ["Pipeline:RetryBaseDelay"] = Scaled(pipeline.RetryBaseDelay, timeScale),
            ["Vertex:ProjectId"] = "bench",
            ["Vertex:BaseUrl"] = emulator,
            ["Vertex:AccessToken"] = BenchEmulator.Token,
            ["GoogleAI:MaxClipsPerLesson"] = "1",
            ["GoogleAI:PollInterval"] = Scaled(vertex.PollInterval, timeScale),
            ["GoogleAI:HttpRetryBaseDelay"] = Scaled(vertex.HttpRetryBaseDelay, timeScale),
        };
        if (run.MaxRunningClips is { } start)
        {
            settings["GoogleAI:MaxRunningClips"] = start.ToString(CultureInfo.InvariantCulture);
            settings["GoogleAI:MaxRunningClipsCeiling"] = (run.Ceiling ?? start).ToString(CultureInfo.InvariantCulture);
        }

        if (catalogRuns)
        {
            // Workers look again at lessons others hold every quarter of this: scaled down, within what renewal allows.
            settings["Pipeline:LeaseTime"] = "00:00:04";
        }

        var services = Base(redis, settings)
            .AddVertexStages()
            .AddSingleton<IRenderer>(new ScaledComposition(run.Composition.Cpu / timeScale, TimeProvider.System))
            .AddSingleton<ILessonStore, InstantStages>()
            .AddSingleton<IPaidWork, FolderPaidWork>();
        return (catalogRuns ? services.AddCatalogRuns() : services).BuildServiceProvider();
    }

    private static IServiceCollection Base(IConnectionMultiplexer redis, Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(logging => logging
            .SetMinimumLevel(Environment.GetEnvironmentVariable("BENCH_DEBUG") is null ? LogLevel.Warning : LogLevel.Information)
            // Logs go to standard error: standard output carries the results.
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddMetrics();
        services.AddSingleton(redis);
        return services.AddLedgerStores().AddLessonPipeline();
    }

    private static string Scaled(TimeSpan delay, double timeScale) => (delay / timeScale).ToString("c", CultureInfo.InvariantCulture);
}
