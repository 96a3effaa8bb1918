using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Composition;
using VideoGen.Worker.Media;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Providers.Blob;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Providers.GoogleAI;
using VideoGen.Worker.Review;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Hosting;

public static class ProviderServices
{
    /// <summary>The enhance, narrate and render stages of the chosen provider, and the chosen store; each chosen once.</summary>
    public static IHostApplicationBuilder AddStageProviders(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.Provider)}"] ?? WorkerOptions.Local;
        _ = provider switch
        {
            WorkerOptions.Vertex => builder.Services.AddVertexStages(),
            WorkerOptions.Gemini => builder.Services.AddGeminiApiStages(),
            // An unknown name falls back here; WorkerOptions' validation stops the run with a clear message.
            _ => builder.Services.AddLocalStages(),
        };

        if (builder.Configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.Camera)}"] == WorkerOptions.CameraNeoVerse)
        {
            builder.Services.AddNeoVerseCamera();
        }

        // Every video is looked at before it is stored, whichever provider made it.
        var review = builder.Configuration[$"{ReviewOptions.Section}:{nameof(ReviewOptions.Mode)}"] ?? ReviewOptions.Local;
        _ = review switch
        {
            ReviewOptions.Off => builder.Services.AddSingleton<IVideoReviewer, NoReview>(),
            // Without a Google provider, ReviewOptions' validation stops the run with a clear message.
            ReviewOptions.Gemini when WorkerOptions.IsGoogle(provider) => builder.Services
                .AddSingleton<AutomaticReview>()
                .AddSingleton<GeminiQuiz>()
                .AddSingleton<IVideoReviewer, GeminiReview>(),
            _ => builder.Services.AddSingleton<IVideoReviewer, AutomaticReview>(),
        };

        var store = builder.Configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.Store)}"] ?? WorkerOptions.FolderStore;
        _ = store switch
        {
            WorkerOptions.BlobStore => builder.AddBlobStore(),
            _ => builder.Services.AddSingleton<ILessonStore, FolderLessonStore>().AddSingleton<IPaidWork, FolderPaidWork>(),
        };
        return builder;
    }

    /// <summary>Slides composed with ffmpeg: every provider renders its slides, and mixes its footage and narration, this way.</summary>
    private static IServiceCollection AddSlideComposition(this IServiceCollection services) =>
        services
            .AddValidatedOptions<LocalProviderOptions, LocalProviderOptionsValidator>(LocalProviderOptions.Section)
            .AddSingleton(provider => provider.GetRequiredService<IOptions<LocalProviderOptions>>().Value
                .Painter(presenter: provider.GetRequiredService<IOptions<WorkerOptions>>().Value.Presenter != WorkerOptions.PresenterOff))
            .AddValidatedOptions<DiagramOptions>(DiagramOptions.Section)
            .AddValidatedOptions<ImageOptions>(ImageOptions.Section)
            .AddSingleton<MermaidDiagrams>()
            .AddSingleton<LessonImages>()
            .AddSingleton<SlideVideoComposer>()
            .AddSingleton<IRenderer, SlideRenderer>();

    /// <summary>Offline: a rule-based script, espeak-ng narration, slides.</summary>
    public static IServiceCollection AddLocalStages(this IServiceCollection services) =>
        services
            .AddSlideComposition()
            .AddOptionsValidator<LocalProviderOptions, EspeakOnPathValidator>()
            .AddSingleton<IEnhancer, RuleBasedEnhancer>()
            .AddSingleton<EspeakPace>()
            .AddSingleton<EspeakVoices>()
            .AddSingleton<INarrator, EspeakNarrator>()
            .AddSingleton<IFootageSource, NoFootage>()
            .AddSingleton<ICostModel, LocalCostModel>();

    /// <summary>Google Vertex AI: Gemini for the script and the narration, Veo for clips.</summary>
    public static IServiceCollection AddVertexStages(this IServiceCollection services) =>
        services.AddGoogleClients().AddGenAIStages();

    /// <summary>The same stages through the Gemini Developer API, with an API key.</summary>
    public static IServiceCollection AddGeminiApiStages(this IServiceCollection services) =>
        services.AddGeminiApiClients().AddGenAIStages();

    private static IServiceCollection AddGenAIStages(this IServiceCollection services) =>
        services
            .AddSlideComposition()
            .AddValidatedOptions<GoogleAIOptions, GoogleAIOptionsValidator>(GoogleAIOptions.VertexSection, GoogleAIOptions.Section)
            .AddClipQuota()
            .AddVeoRetries()
            .AddSingleton<ClipCache>()
            .AddSingleton<VeoSubmissions>()
            .AddSingleton<LostClipSearch>()
            .AddSingleton<VeoClips>()
            .AddSingleton<GeminiIllustrator>()
            .AddSingleton<IEnhancer, GeminiEnhancer>()
            .AddSingleton<INarrator, GeminiNarrator>()
            .AddSingleton<IFootageSource, VeoFootage>()
            .AddSingleton<ICostModel, GoogleAICostModel>();

    /// <summary>Azure Blob Storage instead of the output folder for finished videos and what was paid for to make them.</summary>
    private static IServiceCollection AddBlobStore(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(BlobStoreOptions.ConnectionName);
        return builder.Services
            .AddValidatedOptions<BlobStoreOptions>(BlobStoreOptions.Section)
            .AddSingleton(_ => new BlobServiceClient(connectionString))
            .AddSingleton<ILessonStore, BlobLessonStore>()
            .AddSingleton<IPaidWork, BlobPaidWork>();
    }

    /// <summary>
    /// The quota of Veo clips running at once, shared through Redis by every worker: it finds Google's quota by itself
    /// from the 429s it meets, so the quota need not be known.
    /// </summary>
    private static IServiceCollection AddClipQuota(this IServiceCollection services) =>
        services.AddSingleton(provider =>
        {
            var quota = ActivatorUtilities.CreateInstance<ClipQuota>(provider);
            var telemetry = provider.GetRequiredService<PipelineTelemetry>();
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger<ClipQuota>();
            telemetry.ObserveVeoConcurrency(() => quota.Limit, () => quota.Running);
            quota.LimitChanged += value => logger.LogInformation("Veo clips allowed to run at once, across workers: {Limit}", value);
            return quota;
        });
}
