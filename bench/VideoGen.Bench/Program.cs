using System.Globalization;
using VideoGen.Bench;

// Usage: dotnet run -c Release --project bench/VideoGen.Bench [-- --lessons 100000 --videos 1143 --time-scale 250]
//   --lessons     catalog size for the overhead and scale measures
//   --videos      catalog size for the throughput runs against the emulator
//   --scaling     only the table of one catalog made by 1, 2 and 3 worker processes
//   --review      only what reviewing every video adds to a local run
//   --camera      only what the offline camera moves add to a render
//   --quota       only the throughput run of one worker at a Veo quota of 10, with the composition measured first
//   --scaling-time-scale  the time scale of that table (100): lower than the others, so that the benchmark's own work
//                 for three workers at once (every request answered in this process) does not become the bound
//   --time-scale  real time divided by this in the throughput runs (250: a 2-minute Veo clip takes 480 ms); higher
//                 scales run faster, but the benchmark's own unscaled work (every request answered in-process) then
//                 weighs more against the scaled waits and lowers the figures
if (args.Contains("--replica"))
{
    return await ReplicaProcesses.WorkAsync(args);
}

var lessons = Argument("--lessons", 100_000);
var videos = Argument("--videos", 1_143);
var timeScale = Argument("--time-scale", 250);
var scalingTimeScale = Argument("--scaling-time-scale", 100);

if (args.Contains("--camera"))
{
    (await CameraCost.MeasureAsync()).Print();
    return 0;
}

if (args.Contains("--review"))
{
    (await ReviewCost.MeasureAsync()).Print();
    return 0;
}

await using var redis = await LocalRedis.StartAsync();
if (args.Contains("--scaling"))
{
    await using var scalingEmulator = await BenchEmulator.StartAsync();
    var scalingComposition = await CompositionCost.MeasureAsync();
    var scaled = await ScalingAsync(new ThroughputBench(redis, scalingEmulator, scalingTimeScale), ThroughputBench.Catalog(videos), scalingComposition);
    ThroughputTables.PrintScaling(videos, scalingTimeScale, scaled);
    return scaled.Sum(r => r.Lessons - r.Succeeded) == 0 ? 0 : 1;
}

if (args.Contains("--quota"))
{
    var measured = await CompositionCost.MeasureAsync();
    await using var quotaEmulator = await BenchEmulator.StartAsync();
    var quotaBench = new ThroughputBench(redis, quotaEmulator, timeScale);
    var quotaCatalog = ThroughputBench.Catalog(videos);
    var quotaRun = await quotaBench.PipelineAsync(quotaCatalog, new VertexRun("pipeline, default settings, Veo quota 10", null, null, Quota: 10, Workers: 1, Limit: 10, measured));
    ThroughputTables.PrintBounds(videos, timeScale, measured, [quotaRun]);
    return quotaRun.Succeeded == quotaRun.Lessons ? 0 : 1;
}

// Overhead first: its memory figure is the process's peak working set, which must not include the other runs.
var overhead = await OverheadBench.RunAsync(redis, lessons);

// Composition is real CPU work that no time scale shrinks: measured once, then spent scaled in every run.
var composition = await CompositionCost.MeasureAsync();
var review = await ReviewCost.MeasureAsync();
var camera = await CameraCost.MeasureAsync();

await using var emulator = await BenchEmulator.StartAsync();
var throughput = new ThroughputBench(redis, emulator, timeScale);
var catalog = ThroughputBench.Catalog(videos);
var batches = await throughput.BatchesAsync(catalog, new VertexRun("batches of 3, 2 s pause (reference)", 3, 3, Quota: 0, Workers: 1, Limit: 3, composition));
List<RunResult> runs =
[
    await throughput.PipelineAsync(catalog, new VertexRun("pipeline, 3 clips at a time", 3, 3, Quota: 0, Workers: 1, Limit: 3, composition)),
    await throughput.PipelineAsync(catalog, new VertexRun("pipeline, default settings, Veo quota 10", null, null, Quota: 10, Workers: 1, Limit: 10, composition)),
    await throughput.WorkerProcessesAsync(catalog, new VertexRun("3 worker processes, default settings, one Veo quota of 8", null, null, Quota: 8, Workers: 3, Limit: 8, composition)),
];

var scaling = await ScalingAsync(new ThroughputBench(redis, emulator, scalingTimeScale), catalog, composition);

Console.WriteLine();
Console.WriteLine($"VideoGen benchmark, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
ThroughputTables.Print(videos, timeScale, composition, batches, runs);
ThroughputTables.PrintScaling(videos, scalingTimeScale, scaling);

review.Print();
camera.Print();

Console.WriteLine();
Console.WriteLine("Pipeline overhead and scale");
Console.WriteLine();
Console.WriteLine("| measure | result | goal |");
Console.WriteLine("|---|---|---|");
foreach (var (measure, result, goal) in overhead)
{
    Console.WriteLine($"| {measure} | {result} | {goal} |");
}

var failed = runs.Prepend(batches).Concat(scaling).Sum(r => r.Lessons - r.Succeeded);
return failed == 0 ? 0 : 1;

// One catalog made by 1, 2 and 3 worker processes together, with a Veo quota that never binds: the bound is each
// worker's own pipeline (composition on its own cores, narration), so more workers should make it nearly that much faster.
static async Task<List<RunResult>> ScalingAsync(ThroughputBench throughput, IReadOnlyList<VideoGen.Worker.Catalog.Lesson> catalog, CompositionCost composition)
{
    List<RunResult> scaling = [];
    foreach (var workers in new[] { 1, 2, 3 })
    {
        scaling.Add(await throughput.WorkerProcessesAsync(catalog,
            new VertexRun($"{workers} worker process{(workers == 1 ? "" : "es")}", 100, 100, Quota: 100, Workers: workers, Limit: 100, composition)));
    }

    return scaling;
}

int Argument(string name, int fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return value is null ? fallback
        : int.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed
        : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'");
}
