using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VideoGen.Worker.Pipeline;

namespace VideoGen.Worker.Ledger;

/// <summary>
/// Rides out a Redis outage in the middle of a run: a ledger write that cannot reach Redis waits and tries again
/// with backoff (capped at 10 s) until Redis is back, rather than failing a lesson whose work is done.
/// </summary>
public sealed class RedisOutage(IOptions<PipelineOptions> options, TimeProvider time, ILogger<RedisOutage> logger)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    public async Task WaitThroughAsync(Func<Task> write, string what, CancellationToken cancellationToken)
    {
        var giveUp = time.GetUtcNow() + options.Value.RedisOutageTolerance;
        var wait = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                if (attempt > 1)
                {
                    logger.LogInformation("Redis is back; {What} done after {Attempts} attempts", what, attempt);
                }

                return;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException && time.GetUtcNow() < giveUp)
            {
                logger.LogWarning("Redis is unavailable ({Error}); {What} waits {Wait:0.0} s and tries again", ex.GetType().Name, what, wait.TotalSeconds);
                await Task.Delay(wait, time, cancellationToken);
                wait = wait * 2 < MaxWait ? wait * 2 : MaxWait;
            }
        }
    }
}
