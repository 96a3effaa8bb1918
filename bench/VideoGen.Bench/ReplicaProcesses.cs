using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using VideoGen.Worker.Batch;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Providers.GoogleAI;

namespace VideoGen.Bench;

/// <summary>What one worker process reports on its last line: the shared clip limit it ended with.</summary>
internal sealed record ReplicaOutcome(int Limit);

/// <summary>What the worker processes made together, read from the catalog's shared state.</summary>
internal sealed record SharedOutcome(TimeSpan Makespan, int Succeeded, string? FirstError, IReadOnlyList<int> MadeByWorker, int Limit);

/// <summary>
/// Workers as processes of their own, as replicas are: each is this benchmark started with <c>--replica</c>, builds the
/// worker's services with its own Redis connection and clip quota, says it is ready, and on "go" makes the one catalog
/// with the others as service mode does: the real catalog run, lessons shared through their claims, outcomes in Redis.
/// </summary>
internal static class ReplicaProcesses
{
    private const string CatalogId = "bench";

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, Queue<string>> Errors = [];

    private static string ErrorsOf(Process process)
    {
        var errors = Errors.TryGetValue(process, out var queue) ? queue : new Queue<string>();
        lock (errors)
        {
            return string.Join('\n', errors);
        }
    }

    /// <summary>In the parent: writes the catalog, starts the workers, and times them from "go" until the catalog is finished.</summary>
    public static async Task<SharedOutcome> RunAsync(
        LocalRedis redis, BenchEmulator emulator, IReadOnlyList<Lesson> lessons, VertexRun run, double timeScale, string output)
    {
        var catalog = Path.Combine(output, "catalog.json");
        await File.WriteAllTextAsync(catalog, CatalogJson(lessons));
        string[] limits = run.MaxRunningClips is { } start
            ? ["--max-running-clips", start.ToString(CultureInfo.InvariantCulture), "--ceiling", (run.Ceiling ?? start).ToString(CultureInfo.InvariantCulture)]
            : [];
        var processes = Enumerable.Range(0, run.Workers).Select(i => Start([
            "--replica", "--redis-port", redis.Port.ToString(CultureInfo.InvariantCulture), "--emulator", emulator.Url,
            "--catalog", catalog, "--time-scale", timeScale.ToString(CultureInfo.InvariantCulture),
            "--composition-ms", run.Composition.Cpu.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture),
            "--output", Path.Combine(output, $"worker-{i}"), .. limits])).ToList();
        try
        {
            foreach (var process in processes)
            {
                if (await process.StandardOutput.ReadLineAsync() != "ready")
                {
                    throw new InvalidOperationException($"a worker process did not start: {ErrorsOf(process)}");
                }
            }

            var started = DateTimeOffset.UtcNow;
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

            // Until the catalog was finished (its last lesson settled), as a user waiting for it sees it; the workers
            // that did not make the last lesson notice a moment later and end then.
            var shared = new SharedCatalog(redis.Connection, CatalogId, "bench", started);
            var tally = await shared.TallyAsync();
            var report = await shared.ReportAsync("vertex");
            return new SharedOutcome(report.FinishedAt - started, report.Totals.Succeeded, report.Lessons.FirstOrDefault(l => l.Error is not null)?.Error,
                [.. tally.MadeBy.Values.OrderDescending()], outcomes.Max(o => o.Limit));
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

    /// <summary>In a worker process: the catalog run over the shared catalog.</summary>
    public static async Task<int> WorkAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int? Number(string name) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
        var timeScale = double.Parse(Value("--time-scale")!, CultureInfo.InvariantCulture);
        var composition = TimeSpan.FromMilliseconds(double.Parse(Value("--composition-ms")!, CultureInfo.InvariantCulture));

        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Value("--redis-port")}");
        var run = new VertexRun("replica", Number("--max-running-clips"), Number("--ceiling"), 0, 1, 1, new CompositionCost(composition, composition, TimeSpan.Zero));
        await using var services = BenchStack.Vertex(connection, Value("--emulator")!, run, timeScale, Value("--output")!, catalogRuns: true);
        var catalogRun = services.GetRequiredService<CatalogRun>();

        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            return 2;
        }

        await catalogRun.RunAsync(Value("--catalog")!, CancellationToken.None, new SharedCatalog(connection, CatalogId, "bench", DateTimeOffset.UtcNow));
        Console.WriteLine(JsonSerializer.Serialize(new ReplicaOutcome(services.GetRequiredService<ClipQuota>().Limit)));
        return 0;
    }

    private static string CatalogJson(IReadOnlyList<Lesson> lessons) => new JsonObject
    {
        ["courses"] = new JsonArray([.. lessons.GroupBy(l => l.CourseId).Select(course => (JsonNode)new JsonObject
        {
            ["id"] = course.Key,
            ["title"] = course.First().CourseTitle,
            ["lessons"] = new JsonArray([.. course.Select(l => (JsonNode)new JsonObject { ["id"] = l.Id, ["title"] = l.Title, ["text"] = l.Text })]),
        })]),
    }.ToJsonString();

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
