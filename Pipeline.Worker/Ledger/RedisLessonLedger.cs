using System.Text.Json;
using StackExchange.Redis;
using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Ledger;

/// <summary>
/// The ledger in Redis: the hash <c>videogen:finished</c> maps <c>course/lesson</c> to the fingerprint the lesson
/// was made from, and <c>videogen:failed</c> to its last failure. Reading either for a catalog is a handful of
/// pipelined HMGETs, not one round trip per lesson.
/// </summary>
public sealed class RedisLessonLedger(IConnectionMultiplexer redis, RedisDurability durability) : ILessonLedger
{
    private const int FieldsPerCommand = 10_000;
    private static readonly RedisKey FinishedKey = "videogen:finished";
    private static readonly RedisKey FailedKey = "videogen:failed";

    public async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new LedgerUnavailableException(
                $"Redis at {Endpoints()} is unreachable (is redis-server running? pass --redis <host:port>): {ex.GetType().Name}", ex);
        }

        await durability.CheckAsync(cancellationToken);
    }

    public Task<IReadOnlyDictionary<LessonKey, string>> ReadFinishedAsync(
        IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken) =>
        ReadFieldsAsync(FinishedKey, lessons, fingerprint => fingerprint);

    public async Task MarkFinishedAsync(LessonKey lesson, string fingerprint, CancellationToken cancellationToken)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.HashSetAsync(FinishedKey, Field(lesson), fingerprint);
        _ = transaction.HashDeleteAsync(FailedKey, Field(lesson));
        await transaction.ExecuteAsync();
    }

    public async Task RestoreFinishedAsync(IReadOnlyDictionary<LessonKey, string> fingerprints, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        await Task.WhenAll(fingerprints.Chunk(FieldsPerCommand).SelectMany(chunk => new Task[]
        {
            database.HashSetAsync(FinishedKey, chunk.Select(f => new HashEntry(Field(f.Key), f.Value)).ToArray()),
            database.HashDeleteAsync(FailedKey, chunk.Select(f => (RedisValue)Field(f.Key)).ToArray()),
        }));
    }

    public Task<IReadOnlyDictionary<LessonKey, LessonFailure>> ReadFailuresAsync(
        IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken) =>
        ReadFieldsAsync(FailedKey, lessons, json => JsonSerializer.Deserialize<LessonFailure>(json));

    public Task RecordFailureAsync(LessonKey lesson, LessonFailure failure, CancellationToken cancellationToken) =>
        redis.GetDatabase().HashSetAsync(FailedKey, Field(lesson), JsonSerializer.Serialize(failure));

    /// <summary>The lessons' fields of one hash, read with a few pipelined HMGETs rather than one round trip each.</summary>
    private async Task<IReadOnlyDictionary<LessonKey, T>> ReadFieldsAsync<T>(
        RedisKey hash, IReadOnlyList<LessonKey> lessons, Func<string, T?> parse) where T : class
    {
        var database = redis.GetDatabase();
        var chunks = lessons.Chunk(FieldsPerCommand).ToList();
        var replies = await Task.WhenAll(chunks.Select(chunk => database.HashGetAsync(hash, chunk.Select(k => (RedisValue)Field(k)).ToArray())));
        var values = new Dictionary<LessonKey, T>();
        for (var c = 0; c < chunks.Count; c++)
        {
            for (var i = 0; i < chunks[c].Length; i++)
            {
                if (replies[c][i].HasValue && parse(replies[c][i].ToString()) is { } value)
                {
                    values[chunks[c][i]] = value;
                }
            }
        }

        return values;
    }

    private static string Field(LessonKey lesson) => lesson.ToString();

    // Endpoints only: the configuration string may hold a password.
    private string Endpoints() => string.Join(", ", redis.GetEndPoints().Select(e => e.ToString()));
}
