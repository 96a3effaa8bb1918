using System.Text.Json;
using StackExchange.Redis;

namespace VideoGen.Worker.Service;

/// <summary>A catalog waiting to be made: its file name (for its format and the report) and its content.</summary>
public sealed record QueuedCatalog(string Name, string Content, DateTimeOffset QueuedAt);

/// <summary>
/// Catalogs for the service mode, in Redis lists so they survive restarts. A catalog taken is moved atomically to the
/// taking worker's own working list and removed only once made. Each worker renews a heartbeat while it lives; only the
/// working list of a worker whose heartbeat has run out goes back to the queue, so a worker that starts never takes
/// a live worker's catalog. Making a catalog twice costs nothing anyway: finished lessons are skipped and claimed
/// ones left alone.
/// </summary>
public sealed class CatalogQueue(IConnectionMultiplexer redis)
{
    public const string QueueKey = "videogen:catalogs";

    /// <summary>Workers that have taken catalogs, so their working lists can be found.</summary>
    public const string WorkersKey = "videogen:catalogs:workers";

    /// <summary>The one working list that every worker shared before each had its own; emptied by any worker that starts.</summary>
    private const string SharedWorkingKey = "videogen:catalogs:working";

    private IDatabase Database => redis.GetDatabase();

    public static RedisKey WorkingKeyOf(string worker) => $"{SharedWorkingKey}:{worker}";

    public static RedisKey HeartbeatKeyOf(string worker) => $"videogen:catalogs:heartbeat:{worker}";

    /// <summary>Adds a catalog at the end of the queue; returns how many catalogs are now waiting.</summary>
    public async Task<long> EnqueueAsync(QueuedCatalog catalog) =>
        await Database.ListLeftPushAsync(QueueKey, JsonSerializer.Serialize(catalog));

    /// <summary>Says the worker is alive for <paramref name="lease"/> more.</summary>
    public Task BeatAsync(string worker, TimeSpan lease) => Database.StringSetAsync(HeartbeatKeyOf(worker), "alive", lease);

    /// <summary>The oldest waiting catalog, now in the worker's working list; null when none waits.</summary>
    public async Task<(QueuedCatalog Catalog, RedisValue Entry)?> TakeAsync(string worker)
    {
        await Database.SetAddAsync(WorkersKey, worker);
        var working = WorkingKeyOf(worker);
        var entry = await Database.ListMoveAsync(QueueKey, working, ListSide.Right, ListSide.Left);
        if (entry.IsNull)
        {
            return null;
        }

        try
        {
            return (JsonSerializer.Deserialize<QueuedCatalog>(entry.ToString()) ?? throw new JsonException("empty entry"), entry);
        }
        catch (JsonException)
        {
            // Not ours or damaged: set aside where it can be looked at, instead of blocking the queue.
            await Database.ListLeftPushAsync(QueueKey + ":rejected", entry);
            await Database.ListRemoveAsync(working, entry, 1);
            throw;
        }
    }

    public Task<long> CompleteAsync(string worker, RedisValue entry) => Database.ListRemoveAsync(WorkingKeyOf(worker), entry, 1);

    /// <summary>A worker that stops puts what it was making back at the head of the queue at once, and says it is gone.</summary>
    public async Task<int> ReturnAsync(string worker)
    {
        var moved = await MoveBackAsync(WorkingKeyOf(worker));
        await Database.KeyDeleteAsync(HeartbeatKeyOf(worker));
        await Database.SetRemoveAsync(WorkersKey, worker);
        return moved;
    }

    /// <summary>
    /// Puts back at the head of the queue the catalogs of workers whose heartbeat has run out (dead, or cut off from
    /// Redis for longer than a lease), and those of the old shared working list. Live workers' catalogs stay theirs.
    /// </summary>
    public async Task<int> TakeBackFromStoppedWorkersAsync(string self)
    {
        var moved = await MoveBackAsync(SharedWorkingKey);
        foreach (var worker in await Database.SetMembersAsync(WorkersKey))
        {
            if (worker == self || await Database.KeyExistsAsync(HeartbeatKeyOf(worker!)))
            {
                continue;
            }

            moved += await MoveBackAsync(WorkingKeyOf(worker!));
            await Database.SetRemoveAsync(WorkersKey, worker);
        }

        return moved;
    }

    private async Task<int> MoveBackAsync(RedisKey working)
    {
        var moved = 0;
        while (!(await Database.ListMoveAsync(working, QueueKey, ListSide.Right, ListSide.Right)).IsNull)
        {
            moved++;
        }

        return moved;
    }
}
