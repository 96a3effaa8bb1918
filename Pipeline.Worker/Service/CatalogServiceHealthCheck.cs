using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VideoGen.Worker.Service;

/// <summary>Ready while the catalog service runs: waiting for catalogs, making one, or waiting for Redis.</summary>
public sealed class CatalogServiceHealthCheck(CatalogServiceState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsRunning
            ? HealthCheckResult.Healthy(state.Current)
            : HealthCheckResult.Unhealthy($"the catalog service is {state.Current}"));
}
