using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using VideoGen.Worker.Batch;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Reporting;
using VideoGen.Worker.Providers.Presenter;
using VideoGen.Worker.Review;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Hosting;

public static class PipelineServices
{
    /// <summary>The Dataflow graph and what runs a stage, with the telemetry and progress they report to.</summary>
    public static IServiceCollection AddLessonPipeline(this IServiceCollection services)
    {
        services.AddValidatedOptions<WorkerOptions, WorkerOptionsValidator>(WorkerOptions.Section);
        services.AddValidatedOptions<PipelineOptions>(PipelineOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PipelineTelemetry>();
        services.AddSingleton<WorkerIdentity>();
        services.AddSingleton<RunProgress>();
        services.AddSingleton<RunStop>();
        services.AddSingleton<FailureStreak>();
        services.AddSingleton<StageRunner>();
        services.AddStageRetry();
        services.AddValidatedOptions<ReviewOptions, ReviewOptionsValidator>(ReviewOptions.Section);
        services.TryAddSingleton<IVideoReviewer, NoReview>();
        services.TryAddSingleton<IPresenter, NoPresenter>();
        services.AddSingleton<ReviewedRender>();
        services.AddSingleton<LessonPipeline>();
        services.AddSingleton<LessonFingerprint>();
        return services;
    }

    /// <summary>A run over one catalog: planning, claiming, the pipeline, the report; and the dry run and failure list.</summary>
    public static IHostApplicationBuilder AddCatalogRuns(this IHostApplicationBuilder builder)
    {
        var progress = builder.Configuration.GetSection(ProgressOptions.Section).Get<ProgressOptions>() ?? new ProgressOptions();
        if (progress.Resolve(ProgressReporter.IsInteractiveTerminal) == ProgressMode.Live)
        {
            // The live display owns the terminal; informational logs still reach the dashboard.
            builder.Logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
        }

        builder.Services.AddCatalogRuns();
        return builder;
    }

    /// <inheritdoc cref="AddCatalogRuns(IHostApplicationBuilder)"/>
    public static IServiceCollection AddCatalogRuns(this IServiceCollection services) => services
        .AddValidatedOptions<ProgressOptions>(ProgressOptions.Section)
        .AddSingleton<ProgressReporter>()
        .AddSingleton<ReportWriter>()
        .AddSingleton<SkipPlanner>()
        .AddSingleton<LessonClaims>()
        .AddSingleton<FailureList>()
        .AddSingleton<DryRun>()
        .AddTransient<RunResults>()
        .AddSingleton<Func<RunResults>>(provider => provider.GetRequiredService<RunResults>)
        .AddSingleton<CatalogRun>();
}
