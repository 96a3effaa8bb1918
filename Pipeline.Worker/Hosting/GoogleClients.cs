using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Providers.Vertex;

namespace VideoGen.Worker.Hosting;

public static class GoogleClients
{
    /// <summary>
    /// One HTTP client per Google surface (Vertex AI, Cloud Storage), each with Google's retries and time limits and
    /// the bearer token. No overall client timeout: generation calls take minutes, and each attempt has its own limit.
    /// </summary>
    public static IServiceCollection AddGoogleClients(this IServiceCollection services)
    {
        services.AddSingleton<VertexCredentials>();
        services.AddTransient<VertexAuthHandler>();
        AddGoogleResilience(services.AddHttpClient<VertexClient>(http => http.Timeout = Timeout.InfiniteTimeSpan));
        AddGoogleResilience(services.AddHttpClient<CloudStorageClient>(http => http.Timeout = Timeout.InfiniteTimeSpan));
        return services;
    }

    private static void AddGoogleResilience(IHttpClientBuilder client)
    {
        client.AddResilienceHandler("google", (pipeline, context) =>
            VertexResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<VertexOptions>>().Value));
        client.AddHttpMessageHandler<VertexAuthHandler>();
    }
}
