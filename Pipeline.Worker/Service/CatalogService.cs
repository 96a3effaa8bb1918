using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Pipeline;

namespace VideoGen.Worker.Service;

/// <summary>
/// The worker as a long-running service: takes catalogs from the queue one at a time, makes them, and waits for
/// more, instead of exiting and being restarted in a loop by the container platform. On SIGTERM the catalog under
/// way gets the usual grace period and stays queued, so the next worker finishes it.
/// </summary>
public sealed class CatalogService(
    CatalogQueue queue,
    BatchRunner runner,
    IOptions<WorkerOptions> options,
    TimeProvider time,
    ILogger<CatalogService> logger) : BackgroundService, IHealthCheck
{
    private volatile string _state = "starting";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetFullPath(options.Value.Output), ".catalogs"));
        var requeued = await WithRedisAsync(queue.RequeueUnfinishedAsync, stoppingToken);
        if (requeued > 0)
        {
            logger.LogInformation("Put {Count} unfinished catalogs back in the queue", requeued);
        }

        logger.LogInformation("Waiting for catalogs in Redis list {Queue}", CatalogQueue.QueueKey);
        while (!stoppingToken.IsCancellationRequested)
        {
            _state = "waiting";
            (QueuedCatalog Catalog, StackExchange.Redis.RedisValue Entry)? taken;
            try
            {
                taken = await WithRedisAsync(queue.TakeAsync, stoppingToken);
            }
            catch (JsonException ex)
            {
                logger.LogError("A queued entry is not a catalog and was moved to {Key}: {Error}", CatalogQueue.QueueKey + ":rejected", ex.Message);
                continue;
            }

            if (taken is not { } next)
            {
                await Delay(options.Value.QueuePollInterval, stoppingToken);
                continue;
            }

            _state = $"making {next.Catalog.Name}";
            var path = Path.Combine(folder.FullName, $"{time.GetUtcNow():yyyyMMdd'T'HHmmss}-{Path.GetFileName(next.Catalog.Name)}");
            await File.WriteAllTextAsync(path, next.Catalog.Content, CancellationToken.None);
            try
            {
                logger.LogInformation("Making catalog {Catalog} (queued at {QueuedAt:u})", next.Catalog.Name, next.Catalog.QueuedAt);
                var exitCode = await runner.RunAsync(path, stoppingToken);
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                // Made, or failed for reasons a rerun will not mend by itself (failed lessons are kept in the ledger).
                await WithRedisAsync(() => queue.CompleteAsync(next.Entry), CancellationToken.None);
                logger.LogInformation("Catalog {Catalog} done with exit code {ExitCode}", next.Catalog.Name, exitCode);
            }
            finally
            {
                File.Delete(path);
            }
        }

        _state = "stopped";
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_state is "starting" or "stopped"
            ? HealthCheckResult.Unhealthy($"the catalog service is {_state}")
            : HealthCheckResult.Healthy(_state));

    /// <summary>Redis going away must not end the service: it waits and tries again.</summary>
    private async Task<T> WithRedisAsync<T>(Func<Task<T>> call, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (TransientFailure.Is(ex) && !stoppingToken.IsCancellationRequested)
            {
                _state = "waiting for Redis";
                logger.LogWarning("Redis is not answering ({Error}); trying again", ex.GetType().Name);
                await Delay(TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt))), stoppingToken);
            }
        }
    }

    private async Task Delay(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
