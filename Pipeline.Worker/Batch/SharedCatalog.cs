using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Reporting;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Batch;

/// <summary>How far a catalog made by several workers is, counted in Redis across all of them.</summary>
/// <param name="MadeBy">Lessons made per worker.</param>
public sealed record CatalogTally(int Total, int Succeeded, int Skipped, int Failed, IReadOnlyDictionary<string, int> MadeBy)
{
    public int Done => Succeeded + Skipped + Failed;

    public bool IsComplete => Total > 0 && Done >= Total;
}

/// <summary>
/// One catalog that every worker in service mode makes together, as it stands in Redis: its text (stored once), each
/// lesson's outcome as it finishes, whichever worker made it, and what was paid for. Lessons are shared through the
/// usual lesson claims; this keeps the outcomes, so that a lesson settled by one worker is not tried by another, the
/// catalog is known to be finished when every lesson has an outcome, and its report is the same whoever writes it.
/// </summary>
public sealed class SharedCatalog(IConnectionMultiplexer redis, string id, string name, DateTimeOffset activatedAt)
{
    /// <summary>Catalogs being made, oldest first.</summary>
    public const string ActiveKey = "videogen:catalogs:active";

    /// <summary>One entry per lesson of an active catalog that has no outcome yet; its length is the work left, to scale on.</summary>
    public const string WaitingLessonsKey = "videogen:lessons:waiting";

    /// <summary>How long a finished catalog's state is kept in Redis, to look at or to write its report again.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    // The first worker to read the catalog says how many lessons it has, and lists them as waiting.
    private const string BeginScript = """
        if redis.call('hsetnx', KEYS[1], 'total', ARGV[1]) == 1 then
          for i = 0, tonumber(ARGV[1]) - 1 do redis.call('rpush', KEYS[2], ARGV[2] .. '/' .. i) end
        end
        return tonumber(redis.call('hget', KEYS[1], 'total'))
        """;

    // An outcome counts once. The one exception: a lesson noted as skipped (seen finished) by one worker while another
    // was recording that it made it is recorded as made. Returns 2 when this outcome completed the catalog.
    private const string RecordScript = """
        local spend = {'promptTokens', 'candidateTokens', 'thoughtTokens', 'veoClips', 'veoSeconds'}
        for i, field in ipairs(spend) do
          if ARGV[5 + i] ~= '0' then redis.call('hincrby', KEYS[2], field, ARGV[5 + i]) end
        end
        if ARGV[11] ~= '0' then redis.call('hincrbyfloat', KEYS[2], 'dollars', ARGV[11]) end
        local old = redis.call('hget', KEYS[3], ARGV[1])
        if old then
          if ARGV[2] == 'succeeded' and cjson.decode(old)['result']['status'] == 'skipped' then
            redis.call('hset', KEYS[3], ARGV[1], ARGV[3])
            redis.call('hincrby', KEYS[2], 'skipped', -1)
            redis.call('hincrby', KEYS[2], 'succeeded', 1)
            redis.call('hincrby', KEYS[4], ARGV[4], 1)
          end
          return 0
        end
        redis.call('hset', KEYS[3], ARGV[1], ARGV[3])
        redis.call('hincrby', KEYS[2], ARGV[2], 1)
        if ARGV[2] == 'succeeded' then redis.call('hincrby', KEYS[4], ARGV[4], 1) end
        redis.call('lrem', KEYS[5], 1, ARGV[5])
        local done = redis.call('hincrby', KEYS[2], 'done', 1)
        if done == tonumber(redis.call('hget', KEYS[1], 'total')) then
          local now = redis.call('time')
          redis.call('hset', KEYS[1], 'finishedAt', now[1] * 1000 + math.floor(now[2] / 1000))
          return 2
        end
        return 1
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Id => id;

    public string Name => name;

    public DateTimeOffset ActivatedAt => activatedAt;

    private IDatabase Database => redis.GetDatabase();

    public static RedisKey KeyOf(string id) => $"videogen:catalog:{id}";

    private RedisKey Key => KeyOf(id);

    private RedisKey Outcomes => $"{Key}:outcomes";

    private RedisKey Tally => $"{Key}:tally";

    private RedisKey Workers => $"{Key}:workers";

    /// <summary>Says how many lessons the catalog has, the first time any worker has read it; returns the agreed count.</summary>
    public async Task<int> BeginAsync(int lessons) =>
        (int)await Database.ScriptEvaluateAsync(BeginScript, [Key, WaitingLessonsKey], [lessons, id]);

    /// <summary>Records a lesson's outcome with what was paid since the last one; true when it was the catalog's last.</summary>
    public async Task<bool> RecordAsync(LessonResult result, Spend spent)
    {
        var status = JsonNamingPolicy.CamelCase.ConvertName(result.Status.ToString());
        var json = JsonSerializer.Serialize(new StoredOutcome(result.CourseTitle, result), Json);
        // Before the outcome: the worker that records the last one writes the report, and must find every payment in it.
        await Task.WhenAll(spent.ByPurpose.Where(p => p.Value != 0).Select(p =>
            Database.HashIncrementAsync(Tally, $"dollars:{p.Key}", (double)p.Value)));
        var outcome = (int)await Database.ScriptEvaluateAsync(RecordScript, [Key, Tally, Outcomes, Workers, WaitingLessonsKey],
        [
            result.CatalogIndex, status, json, result.Worker ?? "", $"{id}/{result.CatalogIndex}",
            spent.PromptTokens, spent.CandidateTokens, spent.ThoughtTokens, spent.VeoClips, spent.VeoSeconds,
            spent.EstimatedDollars.ToString(CultureInfo.InvariantCulture),
        ]);
        return outcome == 2;
    }

    /// <summary>Which of the given lessons (by catalog index) have an outcome already.</summary>
    public async Task<HashSet<int>> SettledAsync(IEnumerable<int> indices)
    {
        var asked = indices.ToList();
        var exists = await Task.WhenAll(asked.Select(i => Database.HashExistsAsync(Outcomes, i)));
        return [.. asked.Where((_, n) => exists[n])];
    }

    public async Task<CatalogTally> TallyAsync()
    {
        var total = await Database.HashGetAsync(Key, "total");
        var tally = (await Database.HashGetAllAsync(Tally)).ToDictionary(e => e.Name.ToString(), e => e.Value);
        var madeBy = (await Database.HashGetAllAsync(Workers)).ToDictionary(e => e.Name.ToString(), e => (int)e.Value);
        int Count(string field) => tally.TryGetValue(field, out var value) ? (int)value : 0;
        return new CatalogTally(total.IsNull ? 0 : (int)total, Count("succeeded"), Count("skipped"), Count("failed"), madeBy);
    }

    /// <summary>Keeps <paramref name="progress"/> showing the catalog's counts across every worker until disposed.</summary>
    public IAsyncDisposable FollowProgress(RunProgress progress, TimeProvider time)
    {
        var stop = new CancellationTokenSource();
        var following = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
            try
            {
                do
                {
                    await ShowAsync(progress);
                }
                while (await timer.WaitForNextTickAsync(stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
        });
        return new Following(stop, following);
    }

    private async Task ShowAsync(RunProgress progress)
    {
        try
        {
            var tally = await TallyAsync();
            progress.CatalogWide(new CatalogWideCounts(tally.Total, tally.Succeeded, tally.Skipped, tally.Failed, Math.Max(1, tally.MadeBy.Count)));
        }
        catch (RedisException)
        {
            // Shown as last read; the next tick tries again.
        }
    }

    /// <summary>The report, from Redis alone, so any worker writes the same one.</summary>
    public async Task<RunReport> ReportAsync(string provider)
    {
        var finished = await Database.HashGetAsync(Key, "finishedAt");
        var finishedAt = finished.IsNull ? activatedAt : DateTimeOffset.FromUnixTimeMilliseconds((long)finished);
        var lessons = (await Database.HashGetAllAsync(Outcomes)).Select(e =>
        {
            var stored = JsonSerializer.Deserialize<StoredOutcome>(e.Value.ToString(), Json)!;
            return stored.Result with { CatalogIndex = (int)e.Name, CourseTitle = stored.CourseTitle };
        });
        var tally = (await Database.HashGetAllAsync(Tally)).ToDictionary(e => e.Name.ToString(), e => e.Value);
        long Sum(string field) => tally.TryGetValue(field, out var value) ? (long)value : 0;
        var spend = new Spend(Sum("promptTokens"), Sum("candidateTokens"), Sum("thoughtTokens"), (int)Sum("veoClips"), (int)Sum("veoSeconds"),
            tally.TryGetValue("dollars", out var dollars) ? decimal.Parse(dollars.ToString(), CultureInfo.InvariantCulture) : 0m)
        {
            ByPurpose = tally.Where(e => e.Key.StartsWith("dollars:", StringComparison.Ordinal))
                .ToDictionary(e => e.Key["dollars:".Length..], e => Math.Round(decimal.Parse(e.Value.ToString(), CultureInfo.InvariantCulture), 6)),
        };
        return RunReport.Create(name, provider, activatedAt, finishedAt, lessons, spend);
    }

    /// <summary>The catalog is done: no longer active, and its state kept a while for looking at.</summary>
    public async Task FinishAsync()
    {
        await Database.ListRemoveAsync(ActiveKey, id);
        await Task.WhenAll(new[] { Key, Outcomes, Tally, Workers }.Select(k => Database.KeyExpireAsync(k, KeptFor)));
    }

    /// <summary>A catalog no worker can read is set aside with the reason, instead of being tried forever.</summary>
    public async Task RejectAsync(string reason)
    {
        await Database.HashSetAsync(Key, "rejected", reason);
        await Database.ListRemoveAsync(ActiveKey, id);
        await Database.KeyExpireAsync(Key, KeptFor);
    }

    private sealed class Following(CancellationTokenSource stop, Task following) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await following;
            stop.Dispose();
        }
    }

    /// <summary>What is kept per lesson: the result, and the course title the report groups by.</summary>
    private sealed record StoredOutcome(string CourseTitle, LessonResult Result);
}
