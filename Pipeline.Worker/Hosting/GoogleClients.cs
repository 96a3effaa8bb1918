using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Providers.GoogleAI;
using VideoGen.Worker.Providers.GoogleAI.Pricing;

namespace VideoGen.Worker.Hosting;

public static class GoogleClients
{
    /// <summary>
    /// Vertex AI: the generative AI client and Cloud Storage, each with Google's retries and time limits and the bearer
    /// token. No overall client timeout: generation calls take minutes, and each attempt has its own limit.
    /// </summary>
    public static IServiceCollection AddGoogleClients(this IServiceCollection services)
    {
        services.AddSingleton<VertexCredentials>();
        services.AddTransient<VertexAuthHandler>();
        services.AddSingleton<IGenAIBackend, VertexBackend>();
        services.TryAddSingleton<GoogleAIPricing>();
        AddGoogleResilience(services.AddHttpClient<GenAIClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)).AddHttpMessageHandler<VertexAuthHandler>();
        AddGoogleResilience(services.AddHttpClient<CloudStorageClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)).AddHttpMessageHandler<VertexAuthHandler>();
        return services;
    }

    /// <summary>
    /// The Gemini Developer API: the same client with the API key, and redirects followed by the client itself, so the
    /// key never follows one to another host.
    /// </summary>
    public static IServiceCollection AddGeminiApiClients(this IServiceCollection services)
    {
        services.AddValidatedOptions<GeminiApiOptions, GeminiApiOptionsSetup>(GeminiApiOptions.Section);
        services.AddSingleton<IPostConfigureOptions<GeminiApiOptions>, GeminiApiOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<GoogleAIOptions>, GeminiApiSharedSettings>();
        services.AddOptionsValidator<GoogleAIOptions, GeminiApiSharedSettings>();
        services.AddSingleton<GeminiApiBackend>();
        services.AddSingleton<IGenAIBackend>(provider => provider.GetRequiredService<GeminiApiBackend>());
        services.TryAddSingleton<GoogleAIPricing>();
        services.AddTransient<GeminiApiKeyHandler>();
        AddGoogleResilience(services.AddHttpClient<GenAIClient>(http => http.Timeout = Timeout.InfiniteTimeSpan))
            .AddHttpMessageHandler<GeminiApiKeyHandler>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        // The Gemini API never answers with gs:// URIs; the shared stages take the client all the same.
        services.AddHttpClient<CloudStorageClient>();
        return services;
    }

    private static IHttpClientBuilder AddGoogleResilience(IHttpClientBuilder client)
    {
        client.AddResilienceHandler("google", (pipeline, context) =>
            GoogleAIResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<GoogleAIOptions>>().Value));
        return client;
    }
}
