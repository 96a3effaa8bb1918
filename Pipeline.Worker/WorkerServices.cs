using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Providers;
using VideoGen.Worker.Providers.Local;
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

        builder.AddLocalProvider();
        return builder;
    }

    private static void AddLocalProvider(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LocalProviderOptions>().BindConfiguration(LocalProviderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IScriptWriter, RuleBasedScriptWriter>();
        builder.Services.AddSingleton<INarrator, EspeakNarrator>();
        builder.Services.AddSingleton<SlideVideoComposer>();
        builder.Services.AddSingleton<IRenderer, SlideRenderer>();
        builder.Services.AddSingleton<ILessonStore, FolderLessonStore>();
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
