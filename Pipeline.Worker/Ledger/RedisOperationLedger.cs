using System.Text.Json;
using StackExchange.Redis;
using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Ledger;

/// <summary>One Redis hash per lesson, <c>videogen:operations:course/lesson</c>, mapping each clip (version and scene) to its operation as JSON.</summary>
public sealed class RedisOperationLedger(IConnectionMultiplexer redis) : IOperationLedger
{
    public async Task<PendingOperation?> FindAsync(LessonKey lesson, string clip, CancellationToken cancellationToken)
    {
        return Read(await redis.GetDatabase().HashGetAsync(Key(lesson), clip));
    }

    public Task SaveAsync(LessonKey lesson, string clip, PendingOperation operation, CancellationToken cancellationToken) =>
        redis.GetDatabase().HashSetAsync(Key(lesson), clip, JsonSerializer.Serialize(operation));

    public async Task ForgetAsync(LessonKey lesson, string? clip, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        if (clip is not null)
        {
            await database.HashDeleteAsync(Key(lesson), clip);
            return;
        }

        var resolved = (await database.HashGetAllAsync(Key(lesson)))
            .Where(entry => Read(entry.Value) is not { Lost: true })
            .Select(entry => entry.Name)
            .ToArray();
        if (resolved.Length > 0)
        {
            await database.HashDeleteAsync(Key(lesson), resolved);
        }
    }

    public async Task<int> CountLostAsync(IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken)
    {
        var batch = redis.GetDatabase().CreateBatch();
        var reads = lessons.Select(lesson => batch.HashValuesAsync(Key(lesson))).ToList();
        batch.Execute();
        var lost = 0;
        foreach (var read in reads)
        {
            lost += (await read).Count(value => Read(value) is { Lost: true });
        }

        return lost;
    }

    private static PendingOperation? Read(RedisValue value) => value.HasValue ? JsonSerializer.Deserialize<PendingOperation>(value.ToString()) : null;

    private static RedisKey Key(LessonKey lesson) => $"videogen:operations:{lesson}";
}
