using System.Text.Json;
using StackExchange.Redis;

namespace VideoGen.Worker.Service;

/// <summary>A catalog waiting to be made: its file name (for its format and the report) and its content.</summary>
public sealed record QueuedCatalog(string Name, string Content, DateTimeOffset QueuedAt);

/// <summary>
/// Catalogs for the service mode, in Redis lists so they survive restarts: one taken is moved atomically to a
/// working list and removed only once made. A worker that dies leaves it there, and the next worker to start puts it
/// back in the queue; making a catalog twice costs nothing, as finished lessons are skipped and claimed ones left alone.
/// </summary>
public sealed class CatalogQueue(IConnectionMultiplexer redis)
{
    public const string QueueKey = "videogen:catalogs";
    public const string WorkingKey = "videogen:catalogs:working";

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Adds a catalog at the end of the queue; returns how many catalogs are now waiting.</summary>
    public async Task<long> EnqueueAsync(QueuedCatalog catalog) =>
        await Database.ListLeftPushAsync(QueueKey, JsonSerializer.Serialize(catalog));

    /// <summary>The oldest waiting catalog, now in the working list; null when none waits.</summary>
    public async Task<(QueuedCatalog Catalog, RedisValue Entry)?> TakeAsync()
    {
        var entry = await Database.ListMoveAsync(QueueKey, WorkingKey, ListSide.Right, ListSide.Left);
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
            await Database.ListRemoveAsync(WorkingKey, entry, 1);
            throw;
        }
    }

    public Task<long> CompleteAsync(RedisValue entry) => Database.ListRemoveAsync(WorkingKey, entry, 1);

    /// <summary>Puts catalogs that a stopped or dead worker was making back at the head of the queue.</summary>
    public async Task<int> RequeueUnfinishedAsync()
    {
        var moved = 0;
        while (!(await Database.ListMoveAsync(WorkingKey, QueueKey, ListSide.Right, ListSide.Right)).IsNull)
        {
            moved++;
        }

        return moved;
    }
}
