using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using VideoGen.Worker.Batch;
using StackExchange.Redis;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;

namespace VideoGen.Worker.Service;

/// <summary>
/// The worker as a long-running service: takes catalogs from the queue one at a time, makes them, and waits for
/// more, instead of exiting and being restarted in a loop by the container platform. It renews a heartbeat in Redis
/// every third of <c>Pipeline:LeaseTime</c>; while waiting, it takes back the catalogs of workers whose heartbeat ran
/// out. On SIGTERM the catalog under way gets the usual grace period and goes back to the queue, so the next worker
/// finishes it.
/// </summary>
public sealed class CatalogService(
    CatalogQueue queue,
    CatalogRun runner,
    CatalogServiceState state,
    ResiliencePipelineProvider<string> resilience,
    IOptions<WorkerOptions> options,
    IOptions<LedgerOptions> ledger,
    TimeProvider time,
    ILogger<CatalogService> logger) : BackgroundService
{
    private readonly ResiliencePipeline _redis = resilience.GetPipeline(QueueRedisRetry.PipelineName);
    private readonly string _worker = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = ledger.Value.LeaseTime;
        var heartbeat = time.CreateTimer(_ => _ = BeatAsync(lease), null, TimeSpan.Zero, lease / 3);
        try
        {
            await ServeAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await heartbeat.DisposeAsync();
            await ReturnUnfinishedAsync();
        }

        state.Set("stopped");
    }

    private async Task ServeAsync(CancellationToken stoppingToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetFullPath(options.Value.Output), ".catalogs"));
        logger.LogInformation("Waiting for catalogs in Redis list {Queue} as worker {Worker}", CatalogQueue.QueueKey, _worker);
        while (!stoppingToken.IsCancellationRequested)
        {
            state.Set("waiting");
            var takenBack = await _redis.ExecuteAsync(async _ => await queue.TakeBackFromStoppedWorkersAsync(_worker), stoppingToken);
            if (takenBack > 0)
            {
                logger.LogInformation("Put {Count} catalogs of stopped workers back in the queue", takenBack);
            }

            (QueuedCatalog Catalog, RedisValue Entry)? taken;
            try
            {
                taken = await _redis.ExecuteAsync(async _ => await queue.TakeAsync(_worker), stoppingToken);
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
                await _redis.ExecuteAsync(async _ => await queue.CompleteAsync(_worker, next.Entry), CancellationToken.None);
                logger.LogInformation("Catalog {Catalog} done with exit code {ExitCode}", next.Catalog.Name, exitCode);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    private async Task BeatAsync(TimeSpan lease)
    {
        try
        {
            await queue.BeatAsync(_worker, lease);
        }
        catch (RedisException ex)
        {
            // The next beat tries again; the heartbeat lasts a whole lease.
            logger.LogWarning("Could not renew this worker's heartbeat: {Error}", ex.Message);
        }
    }

    private async Task ReturnUnfinishedAsync()
    {
        try
        {
            if (await queue.ReturnAsync(_worker) is > 0 and var returned)
            {
                logger.LogInformation("Put {Count} unfinished catalogs back in the queue", returned);
            }
        }
        catch (RedisException ex)
        {
            // Left in this worker's list: another worker takes it back once the heartbeat has run out.
            logger.LogWarning("Could not put the unfinished catalog back in the queue: {Error}", ex.Message);
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
