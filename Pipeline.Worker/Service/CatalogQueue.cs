using System.Text;
using System.Text.Json;
using StackExchange.Redis;
using VideoGen.Worker.Batch;

namespace VideoGen.Worker.Service;

/// <summary>A catalog waiting to be made: its file name (for its format and the report) and its content.</summary>
public sealed record QueuedCatalog(string Name, string Content, DateTimeOffset QueuedAt);

/// <summary>
/// Catalogs for the service mode, in Redis so they survive restarts. A queued catalog is taken by one worker, moved
/// atomically to that worker's own working list, and from there made active: stored once, under an id of its own, in
/// the list of catalogs every worker makes together (<see cref="SharedCatalog"/>). Each worker renews a heartbeat while
/// it lives; only the working list of a worker whose heartbeat has run out goes back to the queue, so a worker that
/// starts never takes a live worker's catalog.
/// </summary>
public sealed class CatalogQueue(IConnectionMultiplexer redis)
{
    public const string QueueKey = "videogen:catalogs";

    /// <summary>Workers that have taken catalogs, so their working lists can be found.</summary>
    public const string WorkersKey = "videogen:catalogs:workers";

    /// <summary>The one working list that every worker shared before each had its own; emptied by any worker that starts.</summary>
    private const string SharedWorkingKey = "videogen:catalogs:working";

    /// <summary>Numbers the catalogs made active, for their ids.</summary>
    private const string SequenceKey = "videogen:catalogs:sequence";

    // Only a catalog still in the worker's working list becomes active: one taken back meanwhile is in the queue again.
    private const string ActivateScript = """
        if redis.call('lrem', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
        local now = redis.call('time')
        redis.call('hset', KEYS[2], 'entry', ARGV[1], 'activatedAt', now[1] * 1000 + math.floor(now[2] / 1000))
        redis.call('rpush', KEYS[3], ARGV[2])
        return 1
        """;

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

    /// <summary>Makes a taken catalog one that every worker makes; returns its id, or null when it was taken back meanwhile.</summary>
    public async Task<string?> ActivateAsync(string worker, QueuedCatalog catalog, RedisValue entry)
    {
        var id = $"{await Database.StringIncrementAsync(SequenceKey):D4}-{Stem(catalog.Name)}";
        var activated = (int)await Database.ScriptEvaluateAsync(ActivateScript,
            [WorkingKeyOf(worker), SharedCatalog.KeyOf(id), SharedCatalog.ActiveKey], [entry, id]);
        return activated == 1 ? id : null;
    }

    /// <summary>The oldest catalog being made, with its text; null when none is.</summary>
    public async Task<(SharedCatalog Catalog, QueuedCatalog Queued)?> OldestActiveAsync()
    {
        foreach (var id in await Database.ListRangeAsync(SharedCatalog.ActiveKey))
        {
            var fields = await Database.HashGetAsync(SharedCatalog.KeyOf(id!), ["entry", "activatedAt"]);
            if (fields[0].IsNull || fields[1].IsNull)
            {
                // Its state is gone (expired or deleted by hand): nothing left to make.
                await Database.ListRemoveAsync(SharedCatalog.ActiveKey, id);
                continue;
            }

            var queued = JsonSerializer.Deserialize<QueuedCatalog>(fields[0].ToString())!;
            return (new SharedCatalog(redis, id!, queued.Name, DateTimeOffset.FromUnixTimeMilliseconds((long)fields[1])), queued);
        }

        return null;
    }

    /// <summary>The file name's stem as it may appear in a folder name.</summary>
    private static string Stem(string name)
    {
        var stem = new StringBuilder();
        foreach (var c in Path.GetFileNameWithoutExtension(name).ToLowerInvariant())
        {
            stem.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var text = stem.ToString().Trim('-');
        return text.Length == 0 ? "catalog" : text[..Math.Min(text.Length, 40)];
    }

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
