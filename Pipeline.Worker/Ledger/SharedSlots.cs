using StackExchange.Redis;

namespace VideoGen.Worker.Ledger;

/// <summary>
/// Slots that several workers share through Redis, under a limit they learn together: a sorted set of held slots,
/// scored by when each lease runs out (so a dead worker's slots free themselves), and a hash with the limit and the
/// successes counted towards raising it. Every step is one Lua script, so workers never race past the limit. Times
/// come from Redis's own clock, which all workers share.
/// </summary>
public sealed class SharedSlots(IConnectionMultiplexer redis, string name)
{
    /// <summary>
    /// Successes per unit of limit before the limit is raised by one, once a refusal has shown where the quota is. Until
    /// then the limit rises with every success, so it climbs quickly from where it started (and a refusal caps it at
    /// once, so the climb cannot overshoot by more than the starts already on their way).
    /// </summary>
    public const int ProbeEvery = 8;

    /// <summary>A learned limit is forgotten after this long unused, so a changed setting takes effect then.</summary>
    private static readonly TimeSpan Memory = TimeSpan.FromHours(1);

    // KEYS: slots, limit. ARGV: slot id, lease ms, starting limit, this worker's ceiling, memory ms.
    // Returns {taken (0/1), slots held after, limit}.
    private const string TakeScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        local limit = tonumber(redis.call('HGET', KEYS[2], 'limit'))
        if not limit then
          limit = tonumber(ARGV[3])
          redis.call('HSET', KEYS[2], 'limit', limit, 'successes', 0)
        end
        redis.call('PEXPIRE', KEYS[2], ARGV[5])
        local allowed = math.min(limit, tonumber(ARGV[4]))
        local held = redis.call('ZCARD', KEYS[1])
        if held >= allowed then return {0, held, limit} end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return {1, held + 1, limit}
        """;

    // KEYS: slots. ARGV: lease ms, slot ids... A slot that already expired is put back: its operation still runs.
    private const string RenewScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i]) end
        return #ARGV - 1
        """;

    // KEYS: slots, limit. ARGV: slot id, outcome (s: succeeded, r: refused, n: neutral), this worker's ceiling, probe
    // window per unit of limit once refused, channel to announce the freed slot on. Returns the limit after. A refusal
    // caps the limit just under the slots held at that moment, the refused one included: Veo was full with fewer than
    // those. Counted then rather than when the slot was taken, so that starts racing each other cannot drag it lower,
    // and the many refusals of one overload do not multiply into a collapse.
    private const string GiveBackScript = """
        local held = redis.call('ZCARD', KEYS[1])
        redis.call('ZREM', KEYS[1], ARGV[1])
        local limit = tonumber(redis.call('HGET', KEYS[2], 'limit') or '1')
        if ARGV[2] == 's' then
          local successes = redis.call('HINCRBY', KEYS[2], 'successes', 1)
          local window = 1
          if redis.call('HGET', KEYS[2], 'refused') then window = tonumber(ARGV[4]) * limit end
          if limit < tonumber(ARGV[3]) and successes >= window then
            limit = limit + 1
            redis.call('HSET', KEYS[2], 'limit', limit, 'successes', 0)
          end
        elseif ARGV[2] == 'r' then
          local capped = math.max(1, math.min(limit, held - 1))
          redis.call('HSET', KEYS[2], 'refused', 1)
          if capped ~= limit then
            limit = capped
            redis.call('HSET', KEYS[2], 'limit', limit, 'successes', 0)
          end
        end
        redis.call('PUBLISH', ARGV[5], ARGV[1])
        return limit
        """;

    private readonly RedisKey _slots = $"videogen:slots:{name}";
    private readonly RedisKey _limit = $"videogen:slots:{name}:limit";

    /// <summary>Published whenever a slot is given back, so that waiting workers try again at once.</summary>
    public RedisChannel Freed { get; } = RedisChannel.Literal($"videogen:slots:{name}:freed");

    public async Task<(bool Taken, int Held, int Limit)> TryTakeAsync(string slot, TimeSpan lease, int startingLimit, int ceiling)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [_slots, _limit],
            [slot, (long)lease.TotalMilliseconds, startingLimit, ceiling, (long)Memory.TotalMilliseconds]))!;
        return ((int)result[0] == 1, (int)result[1], (int)result[2]);
    }

    public Task RenewAsync(IReadOnlyCollection<string> slots, TimeSpan lease) =>
        slots.Count == 0
            ? Task.CompletedTask
            : redis.GetDatabase().ScriptEvaluateAsync(RenewScript, [_slots],
                [(long)lease.TotalMilliseconds, .. slots.Select(s => (RedisValue)s)]);

    /// <summary>Gives a slot back, and with it what its outcome says about the limit; returns the limit after.</summary>
    public async Task<int> GiveBackAsync(string slot, SlotOutcome outcome, int ceiling)
    {
        var code = outcome switch { SlotOutcome.Succeeded => "s", SlotOutcome.Rejected => "r", _ => "n" };
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(GiveBackScript, [_slots, _limit],
            [slot, code, ceiling, ProbeEvery, Freed.ToString()]);
    }

    /// <summary>Slots held now by all workers, and the shared limit (null before any worker set it).</summary>
    public async Task<(int Held, int? Limit)> ReadAsync()
    {
        var db = redis.GetDatabase();
        var held = await db.SortedSetLengthAsync(_slots, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start);
        var limit = await db.HashGetAsync(_limit, "limit");
        return ((int)held, limit.IsNull ? null : (int)limit);
    }
}

public enum SlotOutcome
{
    /// <summary>The operation ran to the end: evidence the limit is safe.</summary>
    Succeeded,

    /// <summary>The provider refused the operation for lack of quota.</summary>
    Rejected,

    /// <summary>Failed or abandoned for another reason: says nothing about the quota.</summary>
    Neutral,
}
