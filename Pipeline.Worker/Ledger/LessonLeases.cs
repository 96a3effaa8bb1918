using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Ledger;

/// <summary>
/// Claims on lessons so that several workers on one catalog make each lesson once: a lesson is claimed with an
/// expiring key (<c>SET NX PX</c>), renewed while the work goes on and released at the end. A worker that dies
/// loses its claims when they expire, and another worker takes those lessons over.
/// </summary>
public sealed class LessonLeases(IConnectionMultiplexer redis, IOptions<LedgerOptions> options, TimeProvider time, ILogger<LessonLeases> logger)
{
    // Deletes or extends the key only while it still holds this worker's claim.
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private const string RenewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly TimeSpan _leaseTime = options.Value.LeaseTime;

    /// <summary>The lease, or null when another worker holds the lesson.</summary>
    public async Task<Lease?> TryAcquireAsync(LessonKey lesson)
    {
        var key = Key(lesson);
        var acquired = await redis.GetDatabase().StringSetAsync(key, _owner, _leaseTime, When.NotExists);
        return acquired ? new Lease(this, key, time.CreateTimer(state => _ = RenewAsync((RedisKey)state!), key, _leaseTime / 3, _leaseTime / 3)) : null;
    }

    private static RedisKey Key(LessonKey lesson) => $"videogen:lease:{lesson}";

    private async Task RenewAsync(RedisKey key)
    {
        try
        {
            var renewed = (long)await redis.GetDatabase().ScriptEvaluateAsync(RenewScript, [key], [_owner, (long)_leaseTime.TotalMilliseconds]);
            if (renewed == 0)
            {
                logger.LogWarning("The claim on {Lease} was lost; another worker may make the lesson too", key.ToString());
            }
        }
        catch (RedisException ex)
        {
            // The next renewal tries again; the claim lasts a whole lease time.
            logger.LogWarning("Could not renew the claim on {Lease}: {Error}", key.ToString(), ex.Message);
        }
    }

    private async Task ReleaseAsync(RedisKey key)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [key], [_owner]);
        }
        catch (RedisException)
        {
            // Not released: it expires by itself.
        }
    }

    /// <summary>A claim held by this worker: renewed until disposed, then released.</summary>
    public sealed class Lease(LessonLeases leases, RedisKey key, ITimer renewal) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await renewal.DisposeAsync();
            await leases.ReleaseAsync(key);
        }
    }
}
