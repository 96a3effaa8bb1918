using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Providers.Vertex;

namespace VideoGen.Bench;

/// <summary>What one worker process made, as it reports it on its last line.</summary>
internal sealed record ReplicaOutcome(int Succeeded, int Failed, string? FirstError, int Limit);

/// <summary>
/// Workers as processes of their own, as replicas are: each is this benchmark started with <c>--replica</c>, builds the
/// worker's services with its own Redis connection and clip quota, says it is ready, and on "go" takes lessons from a
/// Redis list (each lesson to one worker, as lesson claims do) until none is left.
/// </summary>
internal static class ReplicaProcesses
{
    private const string LessonList = "bench:lessons";

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, Queue<string>> Errors = [];

    private static string ErrorsOf(Process process)
    {
        var errors = Errors.TryGetValue(process, out var queue) ? queue : new Queue<string>();
        lock (errors)
        {
            return string.Join('\n', errors);
        }
    }

    /// <summary>In the parent: queues the catalog, starts the workers, and times them from "go" to the last one's end.</summary>
    public static async Task<(TimeSpan Makespan, IReadOnlyList<ReplicaOutcome> Outcomes)> RunAsync(
        LocalRedis redis, BenchEmulator emulator, int lessons, int workers, double timeScale, CompositionCost composition, string output)
    {
        await redis.Connection.GetDatabase().ListRightPushAsync(LessonList, [.. Enumerable.Range(0, lessons).Select(i => (RedisValue)i)]);
        var processes = Enumerable.Range(0, workers).Select(i => Start(
            "--replica", "--redis-port", redis.Port.ToString(CultureInfo.InvariantCulture), "--emulator", emulator.Url,
            "--videos", lessons.ToString(CultureInfo.InvariantCulture), "--time-scale", timeScale.ToString(CultureInfo.InvariantCulture),
            "--composition-ms", composition.Cpu.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture),
            "--output", Path.Combine(output, $"worker-{i}"))).ToList();
        try
        {
            foreach (var process in processes)
            {
                if (await process.StandardOutput.ReadLineAsync() != "ready")
                {
                    throw new InvalidOperationException($"a worker process did not start: {ErrorsOf(process)}");
                }
            }

            var clock = Stopwatch.StartNew();
            foreach (var process in processes)
            {
                await process.StandardInput.WriteLineAsync("go");
                await process.StandardInput.FlushAsync();
            }

            var outcomes = await Task.WhenAll(processes.Select(async process =>
            {
                var last = await process.StandardOutput.ReadLineAsync();
                await process.WaitForExitAsync();
                return last is null
                    ? throw new InvalidOperationException($"a worker process ended without a result: {ErrorsOf(process)}")
                    : JsonSerializer.Deserialize<ReplicaOutcome>(last)!;
            }));
            return (clock.Elapsed, outcomes);
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                process.Dispose();
            }
        }
    }

    /// <summary>In a worker process: the pipeline over the lessons it takes from the list.</summary>
    public static async Task<int> WorkAsync(string[] args)
    {
        string Value(string name) => args.SkipWhile(a => a != name).Skip(1).First();
        var timeScale = double.Parse(Value("--time-scale"), CultureInfo.InvariantCulture);
        var catalog = ThroughputBench.Catalog(int.Parse(Value("--videos"), CultureInfo.InvariantCulture));
        var composition = TimeSpan.FromMilliseconds(double.Parse(Value("--composition-ms"), CultureInfo.InvariantCulture));
        var output = Value("--output");

        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Value("--redis-port")}");
        var run = new VertexRun("replica", null, null, 0, 1, 1, new CompositionCost(composition, composition, TimeSpan.Zero));
        await using var services = BenchStack.Vertex(connection, Value("--emulator"), run, timeScale, output);
        var pipeline = services.GetRequiredService<LessonPipeline>();
        var fingerprints = services.GetRequiredService<LessonFingerprint>();
        var db = connection.GetDatabase();

        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            return 2;
        }

        var finished = new List<LessonJob>();
        await pipeline.RunAsync(TakeAsync(), new WorkFolders(output, TimeProvider.System), job =>
        {
            lock (finished)
            {
                finished.Add(job);
            }

            return Task.CompletedTask;
        }, CancellationToken.None, CancellationToken.None);

        var failed = finished.Where(j => j.IsFailed).ToList();
        Console.WriteLine(JsonSerializer.Serialize(new ReplicaOutcome(
            finished.Count - failed.Count, failed.Count, failed.FirstOrDefault()?.Error, services.GetRequiredService<ClipQuota>().Limit)));
        return 0;

        async IAsyncEnumerable<ClaimedLesson> TakeAsync()
        {
            while (await db.ListLeftPopAsync(LessonList) is { IsNull: false } next)
            {
                var lesson = catalog[(int)next];
                yield return new ClaimedLesson(new PlannedLesson((int)next, lesson, fingerprints.For(lesson, "vertex")), NoClaim.Instance);
            }
        }
    }

    private static Process Start(params string[] arguments)
    {
        // Started as this benchmark was: its own executable, or the dotnet host with its assembly.
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [Assembly.GetExecutingAssembly().Location, .. arguments])
            : new ProcessStartInfo(self, arguments);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        // Drained, or a chatty worker would block on a full pipe; the last lines say why one failed.
        var errors = new Queue<string>();
        process.ErrorDataReceived += (_, line) =>
        {
            lock (errors)
            {
                if (line.Data is { } text)
                {
                    errors.Enqueue(text);
                    if (errors.Count > 20)
                    {
                        errors.Dequeue();
                    }
                }
            }
        };
        process.BeginErrorReadLine();
        Errors.AddOrUpdate(process, errors);
        return process;
    }
}
