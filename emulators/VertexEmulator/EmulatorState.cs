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

    /// <summary>
    /// Latency distributions by method (<c>generateContent</c>, <c>tts</c>, <c>veo</c> for an operation's run time),
    /// in real seconds; each draw comes from the request's content and <see cref="Seed"/>, so the same request always
    /// takes the same time. Replaces <see cref="VeoLatencyMs"/> for Veo when given.
    /// </summary>
    public Dictionary<string, LatencyDistribution> Latencies { get; init; } = [];

    /// <summary>Real time is divided by this, so that a run of hours takes seconds.</summary>
    public double TimeScale { get; init; } = 1;

    public int Seed { get; init; }

    /// <summary>
    /// Veo answers a black, silent clip for a prompt containing one of these, the first time it is asked (every time
    /// with <see cref="BadClipsEveryTime"/>): the faulty generations review must catch.
    /// </summary>
    public string[] BadClipPrompts { get; init; } = [];

    public bool BadClipsEveryTime { get; init; }

    public const string VeoSize = "1280x720";

    /// <summary>Frame size of the clips; a smaller one keeps load tests light.</summary>
    public string ClipSize { get; init; } = VeoSize;

    /// <summary>Sample rate of the speech answers (Gemini TTS: 24 kHz); a lower one keeps load tests light.</summary>
    public int SpeechRate { get; init; } = MediaFactory.DefaultSpeechRate;

    /// <summary>Veo operations allowed to run at once; a start beyond it is refused with 429. 0: no quota.</summary>
    public int MaxRunningOperations { get; init; }

    /// <summary>
    /// Every Nth start of a Veo operation is accepted (the operation exists and is paid) and then the connection is
    /// dropped before the answer is sent, as a lost answer looks to a client. 0: never.
    /// </summary>
    public int LoseStartAnswerEvery { get; init; }

    /// <summary>Script answers cut off with <c>MAX_TOKENS</c> and a candidate without parts, before good ones.</summary>
    public int CutOffScripts { get; init; }

    /// <summary>Answers whose prompt is blocked (<c>promptFeedback.blockReason</c>, no candidate), keyed by
    /// <c>generateContent</c> or <c>tts</c>; that many before good ones.</summary>
    public Dictionary<string, int> BlockedPrompts { get; init; } = [];

    /// <summary>Veo operations that finish with an error instead of a video, before good ones.</summary>
    public int OperationErrors { get; init; }

    /// <summary>
    /// Problems Gemini finds when it watches a video whose review prompt contains the key (a lesson's title, say): on
    /// its first review only, or on every one with <see cref="ReviewProblemsEveryTime"/>.
    /// </summary>
    public Dictionary<string, ReviewProblem> ReviewProblems { get; init; } = [];

    public bool ReviewProblemsEveryTime { get; init; }

    /// <summary>Gemini answers the quiz wrong for videos whose review prompt contains one of these.</summary>
    public string[] WrongQuizAnswers { get; init; } = [];

    /// <summary>Reviews answered with JSON cut short, before good ones.</summary>
    public int MalformedReviews { get; init; }

    /// <summary>
    /// Answers of the image models before good ones, in order: <c>text</c> (a text part and no picture), <c>malformed</c>
    /// (bytes that are no picture), or a finish reason without content (<c>IMAGE_SAFETY</c>, <c>IMAGE_PROHIBITED_CONTENT</c>, <c>NO_IMAGE</c>...).
    /// </summary>
    public string[] ImageAnswers { get; init; } = [];
}

/// <summary>A problem a reviewer names, in the scene it is in (0: the title card).</summary>
public sealed record ReviewProblem(int Scene, string Problem);

/// <summary>A lognormal latency: half the draws are under <see cref="MedianSeconds"/>; a larger sigma, a heavier tail.</summary>
public sealed record LatencyDistribution(double MedianSeconds, double Sigma, double MaxSeconds = double.MaxValue)
{
    public TimeSpan Draw(string method, string content, int seed, double timeScale)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{seed}\n{method}\n{content}"));
        var u1 = (BitConverter.ToUInt64(hash, 0) + 1.0) / (ulong.MaxValue + 2.0);
        var u2 = (BitConverter.ToUInt64(hash, 8) + 1.0) / (ulong.MaxValue + 2.0);
        var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        var seconds = Math.Min(MaxSeconds, MedianSeconds * Math.Exp(Sigma * normal));
        return TimeSpan.FromSeconds(seconds / timeScale);
    }
}

public sealed class EmulatorState(IConfiguration configuration)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset Started, int Seconds, TimeSpan RunTime)> _operations = new();
    private readonly ConcurrentDictionary<string, int> _paidPerPrompt = new();
    private readonly ConcurrentDictionary<string, string> _outputFolders = new();
    private readonly ConcurrentDictionary<string, bool> _badClips = new();
    private readonly ConcurrentDictionary<string, int> _scripted = new();
    private readonly ConcurrentDictionary<string, (int Count, double TotalMs)> _latencies = new();
    private readonly ConcurrentDictionary<string, double> _firstLatencyMs = new();
    private readonly Lock _starting = new();
    private int _peakRequested;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _faults = new();
    private int _malformed;
    private readonly ConcurrentDictionary<string, bool> _reviewed = new();
    private readonly ConcurrentDictionary<string, byte[]> _objects = new();

    public FaultScript Faults { get; private set; } = new();

    public string Token => configuration["Emulator:Token"] ?? "emulator-token";

    /// <summary>The API key the Gemini API surface accepts.</summary>
    public string ApiKey => configuration["Emulator:ApiKey"] ?? "emulator-api-key";

    public string? LastAuthorization { get; private set; }

    /// <summary>The <c>generationConfig</c> of the last script request, as sent.</summary>
    public string? LastScriptConfig { get; set; }

    /// <summary>The system instruction of every script asked for.</summary>
    public ConcurrentBag<string> ScriptInstructions { get; } = [];

    /// <summary>The prompts of the script requests, each with the whole lesson as it was sent.</summary>
    public ConcurrentBag<string> ScriptPrompts { get; } = [];

    /// <summary>The prompt of every image asked for.</summary>
    public ConcurrentBag<string> ImagePrompts { get; } = [];

    /// <summary>The prompt of every Veo request that gave a picture as the first frame.</summary>
    public ConcurrentBag<string> FirstFrames { get; } = [];

    private ConcurrentQueue<string> _imageAnswers = new();

    /// <summary>The next scripted image answer, or null for a picture.</summary>
    public string? NextImageAnswer() => _imageAnswers.TryDequeue(out var answer) ? answer : null;

    /// <summary>Every speech request's voice and language code, as <c>voice/code</c>.</summary>
    public ConcurrentBag<string> SpeechVoices { get; } = [];

    private readonly ConcurrentDictionary<string, (int Seconds, bool Bad)> _files = new();

    /// <summary>Keeps a finished clip as a Gemini API file and returns its id.</summary>
    public string AddFile(int seconds, bool bad)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        _files[id] = (seconds, bad);
        return id;
    }

    public (int Seconds, bool Bad)? File(string id) => _files.TryGetValue(id, out var file) ? file : null;

    /// <summary>The right option of every quiz question written, by its text.</summary>
    public ConcurrentDictionary<string, int> QuizAnswers { get; } = new();

    /// <summary>Every video Gemini was asked to watch: <c>inline</c>, or its <c>gs://</c> URI.</summary>
    public ConcurrentBag<string> ReviewedVideos { get; } = [];

    /// <summary>True the first time a review of this subject is answered since the faults were scripted.</summary>
    public bool FirstReviewOf(string subject) => _reviewed.TryAdd(subject, true);

    /// <summary>Stores an uploaded object at its <c>gs://</c> URI.</summary>
    public void Upload(string bucket, string name, byte[] content) => _objects[$"gs://{bucket}/{name}"] = content;

    /// <summary>An uploaded object, or null when there is none at that URI.</summary>
    public byte[]? StoredObject(string gcsUri) => _objects.GetValueOrDefault(gcsUri);

    public void Script(FaultScript script)
    {
        Faults = script;
        _faults.Clear();
        foreach (var (method, statuses) in script.Faults)
        {
            _faults[method] = new ConcurrentQueue<int>(statuses);
        }

        _malformed = script.MalformedScripts;
        _imageAnswers = new ConcurrentQueue<string>(script.ImageAnswers);
        _scripted.Clear();
        _scripted["cutOff"] = script.CutOffScripts;
        _scripted["operationErrors"] = script.OperationErrors;
        _scripted["malformedReviews"] = script.MalformedReviews;
        _reviewed.Clear();
        foreach (var (method, count) in script.BlockedPrompts)
        {
            _scripted["blocked:" + method] = count;
        }
    }

    /// <summary>Takes one of a scripted number of answers of a kind; false once they are used up.</summary>
    public bool Take(string kind) => _scripted.AddOrUpdate(kind, -1, (_, n) => n - 1) >= 0;

    /// <summary>Paid Veo operations per prompt since the last reset: more than one means a clip was paid twice.</summary>
    public IReadOnlyDictionary<string, int> PaidPerPrompt => _paidPerPrompt;

    public void Reset()
    {
        Script(new FaultScript());
        _counts.Clear();
        _operations.Clear();
        _paidPerPrompt.Clear();
        _outputFolders.Clear();
        _objects.Clear();
        _files.Clear();
        QuizAnswers.Clear();
        ReviewedVideos.Clear();
        ImagePrompts.Clear();
        FirstFrames.Clear();
        _latencies.Clear();
        _firstLatencyMs.Clear();
        _peakRequested = 0;
    }

    public void Record(string method) => _counts.AddOrUpdate(method, 1, (_, n) => n + 1);

    public int CountOf(string method) => _counts.GetValueOrDefault(method);

    /// <summary>Requests answered since the last reset, of every kind.</summary>
    public int TotalRequests => _counts.Where(c => !c.Key.Contains('.', StringComparison.Ordinal)).Sum(c => c.Value);

    /// <summary>The sum of the latencies drawn for a method (<c>veo</c>: operations' run times) since the last reset.</summary>
    public double TotalLatencyMs(string method) => _latencies.TryGetValue(method, out var sum) ? sum.TotalMs : 0;

    /// <summary>The latency drawn for the first request of a method since the last reset: the first script's, say.</summary>
    public double FirstLatencyMs(string method) => _firstLatencyMs.GetValueOrDefault(method);

    /// <summary>
    /// The most operations clients ever tried to have running at once: those running when a start came, plus that start,
    /// whether it was accepted or refused. What a client's own limit let through, quota or not.
    /// </summary>
    public int PeakRequestedOperations => Volatile.Read(ref _peakRequested);

    public bool Authorized(HttpRequest request)
    {
        LastAuthorization = request.Headers.Authorization.ToString();
        return LastAuthorization == $"Bearer {Token}";
    }

    public int? NextFault(string method) => _faults.TryGetValue(method, out var queue) && queue.TryDequeue(out var status) ? status : null;

    public bool TakeMalformed() => Interlocked.Decrement(ref _malformed) >= 0;

    /// <summary>Paid generations started since the last reset.</summary>
    public int StartedOperations => _operations.Count;

    /// <summary>The scripted delay of an answer (fixed plus drawn), recorded for the lower bounds benchmarks compute.</summary>
    public TimeSpan AnswerDelay(string method, string content)
    {
        var delay = TimeSpan.FromMilliseconds(Faults.LatencyMs);
        if (Faults.Latencies.TryGetValue(method, out var distribution))
        {
            var drawn = distribution.Draw(method, content, Faults.Seed, Faults.TimeScale);
            RecordLatency(method, drawn);
            delay += drawn;
        }

        return delay;
    }

    /// <summary>Starts an operation, or returns null when the quota of running operations is full.</summary>
    public string? StartOperation(string project, string location, string model, int seconds, string prompt, string? storageUri = null, bool geminiApi = false)
    {
        var runTime = Faults.Latencies.TryGetValue("veo", out var distribution)
            ? distribution.Draw("veo", prompt, Faults.Seed, Faults.TimeScale)
            : TimeSpan.FromMilliseconds(Faults.VeoLatencyMs);
        var name = geminiApi
            ? $"models/{model}/operations/{Guid.NewGuid():N}"
            : $"projects/{project}/locations/{location}/publishers/google/models/{model}/operations/{Guid.NewGuid():N}";
        lock (_starting)
        {
            var now = DateTimeOffset.UtcNow;
            var running = _operations.Values.Count(o => Faults.NeverFinish || now - o.Started < o.RunTime);
            _peakRequested = Math.Max(_peakRequested, running + 1);
            if (Faults.MaxRunningOperations > 0 && running >= Faults.MaxRunningOperations)
            {
                return null;
            }

            _operations[name] = (now, seconds, runTime);
            if (storageUri is not null)
            {
                _outputFolders[name] = storageUri.EndsWith('/') ? storageUri : storageUri + "/";
            }

            var paid = _paidPerPrompt.AddOrUpdate(prompt, 1, (_, n) => n + 1);
            if (Faults.BadClipPrompts.Any(p => prompt.Contains(p, StringComparison.Ordinal)) && (paid == 1 || Faults.BadClipsEveryTime))
            {
                _badClips[name] = true;
            }
        }

        RecordLatency("veo", runTime);
        return name;
    }

    private void RecordLatency(string method, TimeSpan drawn)
    {
        _firstLatencyMs.TryAdd(method, drawn.TotalMilliseconds);
        _latencies.AddOrUpdate(method, (1, drawn.TotalMilliseconds), (_, sum) => (sum.Count + 1, sum.TotalMs + drawn.TotalMilliseconds));
    }

    public (bool Known, bool Done, int Seconds) Operation(string name)
    {
        if (!_operations.TryGetValue(name, out var operation))
        {
            return (false, false, 0);
        }

        var done = !Faults.NeverFinish && DateTimeOffset.UtcNow - operation.Started >= operation.RunTime;
        return (true, done, operation.Seconds);
    }

    /// <summary>Where a finished operation wrote its video, when it was asked to write it to Cloud Storage.</summary>
    /// <summary>Whether the operation's clip is a bad one (black and silent).</summary>
    public bool IsBadClip(string operation) => _badClips.ContainsKey(operation);

    public string? OutputOf(string operation) => _outputFolders.TryGetValue(operation, out var folder) ? folder + "sample_0.mp4" : null;

    /// <summary>The objects of a bucket under a prefix: the videos of finished operations told to write there.</summary>
    public IEnumerable<string> ListObjects(string bucket, string prefix) =>
        _outputFolders
            .Where(output => Operation(output.Key).Done)
            .Select(output => output.Value + "sample_0.mp4")
            .Concat(_objects.Keys)
            .Where(uri => uri.StartsWith($"gs://{bucket}/", StringComparison.Ordinal))
            .Select(uri => uri[$"gs://{bucket}/".Length..])
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public object Snapshot() => new
    {
        counts = _counts.OrderBy(c => c.Key).ToDictionary(c => c.Key, c => c.Value),
        operations = _operations.Count,
        latencies = _latencies.OrderBy(l => l.Key).ToDictionary(l => l.Key, l => new { count = l.Value.Count, totalMs = l.Value.TotalMs, firstMs = FirstLatencyMs(l.Key) }),
        lastAuthorization = LastAuthorization is { Length: > 0 } ? "Bearer (given)" : "(none)",
    };
}
