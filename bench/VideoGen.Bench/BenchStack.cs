using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using VideoGen.Worker;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Providers;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Providers.Vertex;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Bench;

/// <summary>
/// The worker's own services for the vertex provider (Gemini script and narration, Veo clips under the adaptive
/// limit, Redis ledgers, the HTTP clients with their resilience), pointed at the emulator, with every wait of the
/// product divided by the time scale.
/// </summary>
internal static class BenchStack
{
    public static ServiceProvider Build(LocalRedis redis, BenchEmulator emulator, int renderParallelism, double timeScale, string output)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(Environment.GetEnvironmentVariable("BENCH_DEBUG") is null ? LogLevel.Warning : LogLevel.Information).AddSimpleConsole());
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConnectionMultiplexer>(redis.Connection);

        var defaults = new PipelineOptions();
        services.AddOptions<PipelineOptions>().Configure(o =>
        {
            o.RenderParallelism = renderParallelism;
            o.RetryBaseDelay = defaults.RetryBaseDelay / timeScale;
        });
        var vertex = new VertexOptions();
        services.AddOptions<VertexOptions>().Configure(o =>
        {
            o.ProjectId = "bench";
            o.BaseUrl = emulator.Url;
            o.AccessToken = BenchEmulator.Token;
            o.MaxClipsPerLesson = 1;
            o.PollInterval = vertex.PollInterval / timeScale;
            o.HttpRetryBaseDelay = vertex.HttpRetryBaseDelay / timeScale;
        });
        services.AddOptions<WorkerOptions>().Configure(o => o.Output = output);
        services.AddOptions<LocalProviderOptions>();

        services.AddSingleton<RunProgress>();
        services.AddSingleton<PipelineTelemetry>();
        services.AddSingleton<StageRunner>();
        services.AddSingleton<LessonPipeline>();
        services.AddSingleton<RedisOutage>();
        services.AddSingleton<ILessonLedger, RedisLessonLedger>();
        services.AddSingleton<IOperationLedger, RedisOperationLedger>();
        services.AddVertexClient();
        services.AddVeoConcurrency();
        services.AddSingleton<VeoClips>();
        services.AddSingleton<IScriptWriter, GeminiScriptWriter>();
        services.AddSingleton<INarrator, GeminiNarrator>();
        services.AddSingleton<IRenderer, ClipOnlyRenderer>();
        services.AddSingleton<ILessonStore, InstantStages>();
        return services.BuildServiceProvider();
    }
}
