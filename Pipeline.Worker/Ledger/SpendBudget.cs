using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace VideoGen.Worker.Ledger;

/// <summary>The spending cap is reached: the request was not sent.</summary>
public sealed class BudgetReachedException(decimal cap, decimal spent)
    : Exception($"the budget of ${cap.ToString("0.00", CultureInfo.InvariantCulture)} is reached (${spent.ToString("0.00", CultureInfo.InvariantCulture)} spent)")
{
    public decimal Cap { get; } = cap;

    public decimal Spent { get; } = spent;
}

/// <summary>
/// The spending cap of a catalog (<c>--max-spend</c>), shared by every worker through Redis: before a paid request
/// its cost is reserved, atomically (a Lua script), only if what was spent, plus what requests in flight may cost, plus
/// this one stays within the cap; its answer settles the reservation at what it really cost. Reservations of a worker
/// that died lapse after a while. The record lasts until the catalog is made, so a rerun with a higher cap goes on from
/// what was spent.
/// </summary>
public sealed class SpendBudget(IConnectionMultiplexer redis, TimeProvider time, ILogger<SpendBudget> logger)
{
    private static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(30);

    // KEYS[1] the spent total (micro-dollars), KEYS[2] reservations (member "id:amount", score: when it lapses).
    // ARGV: now (ms), cap, amount, id, lapses at (ms). Returns {1 reserved | 0 refused, spent, reserved by others}.
    private const string ReserveScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
        local reserved = 0
        for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
          reserved = reserved + tonumber(string.match(member, ':(%d+)$'))
        end
        local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
        if spent + reserved + tonumber(ARGV[3]) > tonumber(ARGV[2]) then
          return {0, spent, reserved}
        end
        redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4] .. ':' .. ARGV[3])
        return {1, spent, reserved}
        """;

    private volatile Scope? _scope;

    /// <summary>The cap of the run under way, or null when it has none.</summary>
    public decimal? Cap => _scope?.Cap;

    /// <summary>Sets the cap for a catalog's run; null: no cap, and nothing is reserved.</summary>
    public void Begin(string catalog, decimal? cap) =>
        _scope = cap is { } dollars ? new Scope($"videogen:budget:{catalog}", dollars) : null;

    /// <summary>Reserves what a paid request may cost, or throws <see cref="BudgetReachedException"/> without sending it.</summary>
    public async Task<Reservation> ReserveAsync(decimal dollars, CancellationToken cancellationToken)
    {
        if (_scope is not { } scope)
        {
            return Reservation.None;
        }

        var amount = Micro(dollars);
        var id = Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow();
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ReserveScript,
            [scope.SpentKey, scope.ReservedKey],
            [now.ToUnixTimeMilliseconds(), Micro(scope.Cap), amount, id, (now + ReservationLifetime).ToUnixTimeMilliseconds()]))!;
        if ((int)reply[0] == 0)
        {
            throw new BudgetReachedException(scope.Cap, Dollars((long)reply[1]));
        }

        return new Reservation(scope, $"{id}:{amount}");
    }

    /// <summary>
    /// The request's answer came (or it failed): its reservation gives way to what it really cost. Never throws: the
    /// answer matters more than the tally, and a reservation Redis could not settle lapses by itself.
    /// </summary>
    public async Task SettleAsync(Reservation reservation, decimal cost)
    {
        if (reservation.Scope is not { } scope)
        {
            return;
        }

        try
        {
            var transaction = redis.GetDatabase().CreateTransaction();
            _ = transaction.SortedSetRemoveAsync(scope.ReservedKey, reservation.Member);
            _ = transaction.StringIncrementAsync(scope.SpentKey, Micro(cost));
            await transaction.ExecuteAsync();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not record ${Cost} spent under the cap ({Error}); the cap counts it as reserved until the reservation lapses",
                cost.ToString("0.0000", CultureInfo.InvariantCulture), ex.Message);
        }
    }

    /// <summary>What the catalog has spent under its cap so far, across workers and runs; 0 without a cap.</summary>
    public async Task<decimal> SpentAsync() =>
        _scope is { } scope ? Dollars((long?)await redis.GetDatabase().StringGetAsync(scope.SpentKey) ?? 0) : 0;

    /// <summary>The catalog is made: its next run starts with nothing spent.</summary>
    public async Task ForgetAsync()
    {
        if (_scope is { } scope)
        {
            await redis.GetDatabase().KeyDeleteAsync([scope.SpentKey, scope.ReservedKey]);
        }
    }

    private static long Micro(decimal dollars) => (long)Math.Ceiling(dollars * 1_000_000m);

    private static decimal Dollars(long micro) => micro / 1_000_000m;

    public sealed record Scope(string Key, decimal Cap)
    {
        public RedisKey SpentKey => $"{Key}:spent";

        public RedisKey ReservedKey => $"{Key}:reserved";
    }

    /// <summary>A reservation; <see cref="None"/> when the run has no cap.</summary>
    public sealed record Reservation(Scope? Scope, string Member)
    {
        public static readonly Reservation None = new(null, "");
    }
}
