using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VideoGen.Worker.Ledger;

/// <summary>
/// Reads, once per process, whether the ledger's Redis keeps what it is told: whether it may evict keys when full
/// (<c>maxmemory</c> and <c>maxmemory-policy</c> from <c>INFO memory</c>), and whether it saves them at all (the
/// append-only file from <c>INFO persistence</c>, snapshots from <c>CONFIG GET save</c> where a managed Redis allows it).
/// A Redis that may evict any key is refused unless allowed; one that may lose data on a restart is warned about.
/// </summary>
public sealed class RedisDurability(IConnectionMultiplexer redis, IOptions<RedisDurabilityOptions> options, ILogger<RedisDurability> logger)
{
    private readonly SemaphoreSlim _checking = new(1, 1);
    private bool _checked;

    /// <summary>Throws <see cref="LedgerUnavailableException"/> for a Redis that may evict ledger entries, unless allowed.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await _checking.WaitAsync(cancellationToken);
        try
        {
            if (_checked)
            {
                return;
            }

            var database = redis.GetDatabase();
            Dictionary<string, string> memory, persistence;
            try
            {
                memory = Fields((string?)await database.ExecuteAsync("INFO", "memory"));
                persistence = Fields((string?)await database.ExecuteAsync("INFO", "persistence"));
            }
            catch (RedisServerException ex)
            {
                logger.LogWarning("Redis at {Redis} does not say how it keeps its data ({Error}); make sure its maxmemory-policy is noeviction", Endpoints(), ex.Message);
                _checked = true;
                return;
            }

            var verdict = Judge(
                long.TryParse(memory.GetValueOrDefault("maxmemory"), CultureInfo.InvariantCulture, out var max) ? max : 0,
                memory.GetValueOrDefault("maxmemory_policy") ?? "noeviction",
                persistence.GetValueOrDefault("aof_enabled") == "1",
                await SaveScheduleAsync(database));
            if (verdict.Refusal is { } refusal && !options.Value.AllowVolatileRedis)
            {
                throw new LedgerUnavailableException($"Redis at {Endpoints()} {refusal}");
            }

            foreach (var warning in verdict.Warnings.Concat(verdict.Refusal is { } allowed ? [allowed] : []))
            {
                logger.LogWarning("Redis at {Redis} {Warning}", Endpoints(), warning);
            }

            _checked = true;
        }
        finally
        {
            _checking.Release();
        }
    }

    /// <summary>What a Redis with these settings risks; a pure rule, so it is tested without a Redis of each kind.</summary>
    /// <param name="saveSchedule">The <c>save</c> setting, "" when snapshots are off, null when it cannot be read.</param>
    public static (string? Refusal, IReadOnlyList<string> Warnings) Judge(long maxMemory, string policy, bool appendOnly, string? saveSchedule)
    {
        string? refusal = null;
        var warnings = new List<string>();
        // Without a memory limit nothing is evicted, whatever the policy says.
        if (maxMemory > 0 && policy.StartsWith("allkeys-", StringComparison.Ordinal))
        {
            refusal = $"may evict any key when it is full (maxmemory-policy {policy}, maxmemory {maxMemory} bytes): an evicted ledger entry is a " +
                      "Veo clip paid again. Set maxmemory-policy to noeviction (redis-cli CONFIG SET maxmemory-policy noeviction; on a managed " +
                      "Redis, its eviction policy setting), or pass --Ledger:AllowVolatileRedis=true to run anyway.";
        }
        else if (maxMemory > 0 && policy.StartsWith("volatile-", StringComparison.Ordinal))
        {
            warnings.Add($"may evict keys that expire when it is full (maxmemory-policy {policy}): a lesson's claim can be lost early and the " +
                         "lesson started by a second worker. noeviction is safer.");
        }

        if (!appendOnly && saveSchedule is "")
        {
            warnings.Add("keeps its data in memory only (no append-only file, no snapshots): after a restart, finished lessons are found " +
                         "again in the store, but Veo operations in flight are forgotten and paid again. Turn on appendonly yes with appendfsync everysec.");
        }
        else if (!appendOnly)
        {
            warnings.Add($"saves snapshots only ({(saveSchedule is null ? "its schedule could not be read" : $"save {saveSchedule}")}): a crash loses what " +
                         "was written since the last one, such as Veo operations just paid for. appendonly yes with appendfsync everysec loses at most a second.");
        }

        return (refusal, warnings);
    }

    /// <summary>The snapshot schedule, or null where <c>CONFIG</c> is not allowed (as on most managed Redis).</summary>
    private static async Task<string?> SaveScheduleAsync(IDatabase database)
    {
        try
        {
            var reply = (RedisResult[]?)await database.ExecuteAsync("CONFIG", "GET", "save");
            return reply is { Length: 2 } ? (string?)reply[1] : null;
        }
        catch (RedisException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> Fields(string? info) =>
        (info ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#') && line.Contains(':'))
            .Select(line => line.Split(':', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

    // Endpoints only: the configuration string may hold a password.
    private string Endpoints() => string.Join(", ", redis.GetEndPoints().Select(e => e.ToString()));
}
