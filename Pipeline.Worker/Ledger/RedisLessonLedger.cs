using StackExchange.Redis;
using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Ledger;

/// <summary>
/// The ledger in Redis: one hash, <c>videogen:finished</c>, maps <c>course/lesson</c> to the fingerprint the
/// lesson was made from. Reading the finished set for a catalog is a handful of pipelined HMGETs, not one
/// round trip per lesson.
/// </summary>
public sealed class RedisLessonLedger(IConnectionMultiplexer redis) : ILessonLedger
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
    }

    public async Task<IReadOnlyDictionary<LessonKey, string>> ReadFinishedAsync(
        IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var chunks = lessons.Chunk(FieldsPerCommand).ToList();
        var replies = await Task.WhenAll(chunks.Select(chunk =>
            database.HashGetAsync(FinishedKey, chunk.Select(k => (RedisValue)Field(k)).ToArray())));

        var finished = new Dictionary<LessonKey, string>();
        for (var c = 0; c < chunks.Count; c++)
        {
            for (var i = 0; i < chunks[c].Length; i++)
            {
                if (replies[c][i].HasValue)
                {
                    finished[chunks[c][i]] = replies[c][i].ToString();
                }
            }
        }

        return finished;
    }

    public async Task MarkFinishedAsync(LessonKey lesson, string fingerprint, CancellationToken cancellationToken)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.HashSetAsync(FinishedKey, Field(lesson), fingerprint);
        _ = transaction.HashDeleteAsync(FailedKey, Field(lesson));
        await transaction.ExecuteAsync();
    }

    public async Task<IReadOnlyDictionary<LessonKey, LessonFailure>> ReadFailuresAsync(
        IReadOnlyList<LessonKey> lessons, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var chunks = lessons.Chunk(FieldsPerCommand).ToList();
        var replies = await Task.WhenAll(chunks.Select(chunk => database.HashGetAsync(FailedKey, chunk.Select(k => (RedisValue)Field(k)).ToArray())));
        var failures = new Dictionary<LessonKey, LessonFailure>();
        for (var c = 0; c < chunks.Count; c++)
        {
            for (var i = 0; i < chunks[c].Length; i++)
            {
                if (replies[c][i].HasValue && System.Text.Json.JsonSerializer.Deserialize<LessonFailure>(replies[c][i].ToString()) is { } failure)
                {
                    failures[chunks[c][i]] = failure;
                }
            }
        }

        return failures;
    }

    public Task RecordFailureAsync(LessonKey lesson, LessonFailure failure, CancellationToken cancellationToken) =>
        redis.GetDatabase().HashSetAsync(FailedKey, Field(lesson), System.Text.Json.JsonSerializer.Serialize(failure));

    private static string Field(LessonKey lesson) => $"{lesson.CourseId}/{lesson.LessonId}";

    // Endpoints only: the configuration string may hold a password.
    private string Endpoints() => string.Join(", ", redis.GetEndPoints().Select(e => e.ToString()));
}
