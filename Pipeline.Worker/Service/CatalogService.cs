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
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Service;

/// <summary>
/// The worker as a long-running service: makes queued catalogs together with every other worker, oldest first, and
/// waits for more, instead of exiting and being restarted in a loop by the container platform. A queued catalog is
/// made active by whichever worker takes it; every worker then joins it, and the lessons are shared through their
/// claims. It renews a heartbeat in Redis every third of <c>Pipeline:LeaseTime</c>; while waiting, it takes back the
/// catalogs of workers whose heartbeat ran out before they made them active. On SIGTERM the lessons under way get the
/// usual grace period; the catalog stays active, and the other workers take over this one's lessons.
/// </summary>
public sealed class CatalogService(
    CatalogQueue queue,
    CatalogRun runner,
    CatalogServiceState state,
    WorkerIdentity identity,
    ResiliencePipelineProvider<string> resilience,
    IOptions<WorkerOptions> options,
    IOptions<LedgerOptions> ledger,
    TimeProvider time,
    ILogger<CatalogService> logger) : BackgroundService
{
    private readonly ResiliencePipeline _redis = resilience.GetPipeline(QueueRedisRetry.PipelineName);
    private readonly string _worker = identity.Unique;

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
            await ActivateQueuedAsync(stoppingToken);
            if (await _redis.ExecuteAsync(async _ => await queue.OldestActiveAsync(), stoppingToken) is not { } active)
            {
                await Delay(options.Value.QueuePollInterval, stoppingToken);
                continue;
            }

            var (catalog, queued) = active;
            if ((await _redis.ExecuteAsync(async _ => await catalog.TallyAsync(), stoppingToken)).IsComplete)
            {
                // Every lesson has its outcome, but the worker that settled the last one stopped before the report.
                await _redis.ExecuteAsync(async _ => await runner.WriteSharedReportAsync(catalog), stoppingToken);
                continue;
            }

            state.Set($"making {queued.Name}");
            var path = Path.Combine(folder.FullName, $"{catalog.Id}{Path.GetExtension(queued.Name)}");
            await File.WriteAllTextAsync(path, queued.Content, CancellationToken.None);
            try
            {
                logger.LogInformation("Making catalog {Catalog} as {Id} with every other worker (queued at {QueuedAt:u})",
                    queued.Name, catalog.Id, queued.QueuedAt);
                await runner.RunAsync(path, stoppingToken, catalog);
            }
            finally
            {
                File.Delete(path);
            }

            // This worker has done all it can for now; the rest is in other workers' hands until their claims run out.
            await Delay(options.Value.QueuePollInterval, stoppingToken);
        }
    }

    /// <summary>Makes every queued catalog active, after taking back those of stopped workers.</summary>
    private async Task ActivateQueuedAsync(CancellationToken stoppingToken)
    {
        var takenBack = await _redis.ExecuteAsync(async _ => await queue.TakeBackFromStoppedWorkersAsync(_worker), stoppingToken);
        if (takenBack > 0)
        {
            logger.LogInformation("Put {Count} catalogs of stopped workers back in the queue", takenBack);
        }

        while (true)
        {
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
                return;
            }

            if (await _redis.ExecuteAsync(async _ => await queue.ActivateAsync(_worker, next.Catalog, next.Entry), CancellationToken.None) is { } id)
            {
                logger.LogInformation("Catalog {Catalog} is active as {Id}", next.Catalog.Name, id);
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
