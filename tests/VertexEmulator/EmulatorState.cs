using System.Collections.Concurrent;
using System.Text.Json;

namespace VideoGen.VertexEmulator;

/// <summary>What tests script: answers to give before the real one, and how Veo behaves.</summary>
public sealed record FaultScript
{
    /// <summary>Status codes to answer, in order, before answering normally; keyed by method
    /// (<c>generateContent</c>, <c>tts</c>, <c>predictLongRunning</c>, <c>fetchPredictOperation</c>).</summary>
    public Dictionary<string, List<int>> Faults { get; init; } = [];

    /// <summary>The <c>retryDelay</c> put into 429 answers, or null for none.</summary>
    public string? RetryDelay { get; init; } = "0.01s";

    /// <summary>Text answers that are not the JSON asked for, before good ones.</summary>
    public int MalformedScripts { get; init; }

    public bool SafetyFilter { get; init; }

    public bool NeverFinish { get; init; }

    /// <summary>Operations finish this long after they start.</summary>
    public int VeoLatencyMs { get; init; } = 300;

    /// <summary>Answer videos as gs:// URIs (downloaded from /storage) instead of inline bytes.</summary>
    public bool VideosInStorage { get; init; }

    /// <summary>Delay before every answer.</summary>
    public int LatencyMs { get; init; }
}

public sealed class EmulatorState(IConfiguration configuration)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset Started, int Seconds)> _operations = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _faults = new();
    private int _malformed;

    public FaultScript Faults { get; private set; } = new();

    public string Token => configuration["Emulator:Token"] ?? "emulator-token";

    public string? LastAuthorization { get; private set; }

    public void Script(FaultScript script)
    {
        Faults = script;
        _faults.Clear();
        foreach (var (method, statuses) in script.Faults)
        {
            _faults[method] = new ConcurrentQueue<int>(statuses);
        }

        _malformed = script.MalformedScripts;
    }

    public void Reset()
    {
        Script(new FaultScript());
        _counts.Clear();
        _operations.Clear();
    }

    public void Record(string method) => _counts.AddOrUpdate(method, 1, (_, n) => n + 1);

    public int CountOf(string method) => _counts.GetValueOrDefault(method);

    public bool Authorized(HttpRequest request)
    {
        LastAuthorization = request.Headers.Authorization.ToString();
        return LastAuthorization == $"Bearer {Token}";
    }

    public int? NextFault(string method) => _faults.TryGetValue(method, out var queue) && queue.TryDequeue(out var status) ? status : null;

    public bool TakeMalformed() => Interlocked.Decrement(ref _malformed) >= 0;

    /// <summary>Paid generations started since the last reset.</summary>
    public int StartedOperations => _operations.Count;

    public string StartOperation(string project, string location, string model, int seconds)
    {
        var name = $"projects/{project}/locations/{location}/publishers/google/models/{model}/operations/{Guid.NewGuid():N}";
        _operations[name] = (DateTimeOffset.UtcNow, seconds);
        return name;
    }

    public (bool Known, bool Done, int Seconds) Operation(string name)
    {
        if (!_operations.TryGetValue(name, out var operation))
        {
            return (false, false, 0);
        }

        var done = !Faults.NeverFinish && DateTimeOffset.UtcNow - operation.Started >= TimeSpan.FromMilliseconds(Faults.VeoLatencyMs);
        return (true, done, operation.Seconds);
    }

    public object Snapshot() => new
    {
        counts = _counts.OrderBy(c => c.Key).ToDictionary(c => c.Key, c => c.Value),
        operations = _operations.Count,
        lastAuthorization = LastAuthorization is { Length: > 0 } ? "Bearer (given)" : "(none)",
    };
}
