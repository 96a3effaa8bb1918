using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using VideoGen.Worker.Batch;
using VideoGen.Worker.CommandLine;

namespace VideoGen.Worker.Service;

/// <summary>
/// The worker as a long-running service: takes catalogs from the queue one at a time, makes them, and waits for
/// more, instead of exiting and being restarted in a loop by the container platform. On SIGTERM the catalog under
/// way gets the usual grace period and stays queued, so the next worker finishes it.
/// </summary>
public sealed class CatalogService(
    CatalogQueue queue,
    CatalogRun runner,
    CatalogServiceState state,
    ResiliencePipelineProvider<string> resilience,
    IOptions<WorkerOptions> options,
    TimeProvider time,
    ILogger<CatalogService> logger) : BackgroundService
{
    private readonly ResiliencePipeline _redis = resilience.GetPipeline(QueueRedisRetry.PipelineName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ServeAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        state.Set("stopped");
    }

    private async Task ServeAsync(CancellationToken stoppingToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetFullPath(options.Value.Output), ".catalogs"));
        var requeued = await _redis.ExecuteAsync(async _ => await queue.RequeueUnfinishedAsync(), stoppingToken);
        if (requeued > 0)
        {
            logger.LogInformation("Put {Count} unfinished catalogs back in the queue", requeued);
        }

        logger.LogInformation("Waiting for catalogs in Redis list {Queue}", CatalogQueue.QueueKey);
        while (!stoppingToken.IsCancellationRequested)
        {
            state.Set("waiting");
            (QueuedCatalog Catalog, StackExchange.Redis.RedisValue Entry)? taken;
            try
            {
                taken = await _redis.ExecuteAsync(async _ => await queue.TakeAsync(), stoppingToken);
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

            state.Set($"making {next.Catalog.Name}");
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
                await _redis.ExecuteAsync(async _ => await queue.CompleteAsync(next.Entry), CancellationToken.None);
                logger.LogInformation("Catalog {Catalog} done with exit code {ExitCode}", next.Catalog.Name, exitCode);
            }
            finally
            {
                File.Delete(path);
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
