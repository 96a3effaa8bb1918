using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Ledger;

/// <summary>One Redis hash per lesson, <c>videogen:operations:course/lesson</c>, mapping a scene to its operation.</summary>
public sealed class RedisOperationLedger(IConnectionMultiplexer redis) : IOperationLedger
{
    public async Task<PendingOperation?> FindAsync(LessonKey lesson, int scene, CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase().HashGetAsync(Key(lesson), Field(scene));
        return value.HasValue ? JsonSerializer.Deserialize<PendingOperation>(value.ToString()) : null;
    }

    public Task SaveAsync(LessonKey lesson, int scene, PendingOperation operation, CancellationToken cancellationToken) =>
        redis.GetDatabase().HashSetAsync(Key(lesson), Field(scene), JsonSerializer.Serialize(operation));

    public Task ForgetAsync(LessonKey lesson, int? scene, CancellationToken cancellationToken) => scene is { } one
        ? redis.GetDatabase().HashDeleteAsync(Key(lesson), Field(one))
        : redis.GetDatabase().KeyDeleteAsync(Key(lesson));

    private static RedisKey Key(LessonKey lesson) => $"videogen:operations:{lesson}";

    private static RedisValue Field(int scene) => scene.ToString(CultureInfo.InvariantCulture);
}
