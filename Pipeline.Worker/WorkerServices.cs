using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Azure.Storage.Blobs;
using Polly;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Providers;
using VideoGen.Worker.Providers.Blob;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Providers.Vertex;
using VideoGen.Worker.Reporting;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker;

public static class WorkerServices
{
    public const string RedisConnectionName = "redis";

    /// <summary>Registers the pipeline, its providers and its options (validated when the host starts).</summary>
    public static IHostApplicationBuilder AddPipelineWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ProgressOptions>().BindConfiguration(ProgressOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var progress = builder.Configuration.GetSection(ProgressOptions.Section).Get<ProgressOptions>() ?? new ProgressOptions();
        if (progress.Resolve(ProgressReporter.IsInteractiveTerminal) == ProgressMode.Live)
        {
            // The live display owns the terminal; informational logs still reach the dashboard.
            builder.Logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
        }

        builder.Services.TryAddSingletonTimeProvider();
        builder.Services.AddSingleton<RunProgress>();
        builder.Services.AddSingleton<ProgressReporter>();
        builder.Services.AddSingleton<PipelineTelemetry>();
        builder.Services.AddSingleton<StageRunner>();
        builder.Services.AddSingleton<LessonPipeline>();
        builder.Services.AddSingleton<LessonFingerprint>();
        builder.Services.AddSingleton<ReportWriter>();
        builder.Services.AddSingleton<BatchRunner>();

        // Fail fast when Redis is not there at start: the run then exits with a clear message.
        builder.AddRedisClient(RedisConnectionName, configureOptions: redis =>
        {
            redis.ConnectTimeout = 3000;
            redis.ConnectRetry = 1;
            redis.AbortOnConnectFail = false;
        });
        builder.Services.AddSingleton<ILessonLedger, RedisLessonLedger>();
        builder.Services.AddSingleton<IOperationLedger, RedisOperationLedger>();
        builder.Services.AddSingleton<LessonLeases>();
        builder.Services.AddSingleton<RedisOutage>();

        builder.AddLocalProvider();
        if (builder.Configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.Store)}"] == WorkerOptions.BlobStore)
        {
            builder.AddBlobStore();
        }

        if (builder.Configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.Provider)}"] == WorkerOptions.Vertex)
        {
            builder.AddVertexProvider();
        }

        return builder;
    }

    /// <summary>The offline provider; its slide rendering and script settings are also used by the others.</summary>
    private static void AddLocalProvider(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LocalProviderOptions>().BindConfiguration(LocalProviderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SlideVideoComposer>();
        builder.Services.AddSingleton<IScriptWriter, RuleBasedScriptWriter>();
        builder.Services.AddSingleton<INarrator, EspeakNarrator>();
        builder.Services.AddSingleton<IRenderer, SlideRenderer>();
        builder.Services.AddSingleton<ILessonStore, FolderLessonStore>();
        builder.Services.AddSingleton<ICostModel, LocalCostModel>();
    }

    /// <summary>Azure Blob Storage instead of the output folder for finished videos.</summary>
    private static void AddBlobStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BlobStoreOptions>().BindConfiguration(BlobStoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var connectionString = builder.Configuration.GetConnectionString(BlobStoreOptions.ConnectionName);
        builder.Services.AddSingleton(_ => new BlobServiceClient(connectionString));
        builder.Services.AddSingleton<ILessonStore, BlobLessonStore>();
    }

    /// <summary>Gemini for the script and the narration, Veo for clips; replaces the local stages.</summary>
    private static void AddVertexProvider(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<VertexOptions>().BindConfiguration(VertexOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddVertexClient();

        builder.Services.AddSingleton<IScriptWriter, GeminiScriptWriter>();
        builder.Services.AddSingleton<INarrator, GeminiNarrator>();
        builder.Services.AddVeoConcurrency();
        builder.Services.AddSingleton<VeoClips>();
        builder.Services.AddSingleton<IRenderer, VeoRenderer>();
        builder.Services.AddSingleton<ICostModel, VertexCostModel>();
    }

    /// <summary>One HTTP client per Google surface (Vertex AI, Cloud Storage), each with Google's retries and time limits and the bearer token.</summary>
    public static IServiceCollection AddVertexClient(this IServiceCollection services)
    {
        services.AddSingleton<VertexCredentials>();
        services.AddTransient<VertexAuthHandler>();
        AddGoogleClient(services.AddHttpClient<VertexClient>(http => http.Timeout = Timeout.InfiniteTimeSpan));
        AddGoogleClient(services.AddHttpClient<CloudStorageClient>(http => http.Timeout = Timeout.InfiniteTimeSpan));
        return services;
    }

    /// <summary>
    /// The limit on Veo operations running at once: it starts at the render stage's parallelism and comes down by
    /// itself when Veo answers 429, so the quota need not be known.
    /// </summary>
    public static IServiceCollection AddVeoConcurrency(this IServiceCollection services) =>
        services.AddSingleton(provider =>
        {
            var limit = new AdaptiveConcurrency(provider.GetRequiredService<IOptions<PipelineOptions>>().Value.RenderParallelism);
            var telemetry = provider.GetRequiredService<PipelineTelemetry>();
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger<VeoClips>();
            telemetry.ObserveVeoConcurrency(() => limit.Limit);
            limit.LimitChanged += value => logger.LogInformation("Veo operations allowed at once: {Limit}", value);
            return limit;
        });

    private static void AddGoogleClient(IHttpClientBuilder client)
    {
        // Generation calls take minutes: the standard handler's 10 s attempt timeout must not apply.
#pragma warning disable EXTEXP0001 // The supported way to replace the defaults from ServiceDefaults.
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.AddResilienceHandler("google", (pipeline, context) =>
            VertexResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<VertexOptions>>().Value));
        client.AddHttpMessageHandler<VertexAuthHandler>();
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
