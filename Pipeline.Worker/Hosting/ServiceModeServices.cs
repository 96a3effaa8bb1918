using Microsoft.Extensions.DependencyInjection;
using VideoGen.Worker.Service;

namespace VideoGen.Worker.Hosting;

public static class ServiceModeServices
{
    /// <summary>The worker as a long-running service fed from the Redis catalog queue, with a readiness check.</summary>
    public static IServiceCollection AddCatalogService(this IServiceCollection services)
    {
        services.AddSingleton<CatalogQueue>();
        services.AddSingleton<CatalogServiceState>();
        services.AddQueueRedisRetry();
        services.AddHostedService<CatalogService>();
        services.AddHealthChecks().AddCheck<CatalogServiceHealthCheck>("catalog-service");
        return services;
    }
}
