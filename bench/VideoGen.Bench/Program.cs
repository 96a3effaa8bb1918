using System.Globalization;
using VideoGen.Bench;

// Usage: dotnet run -c Release --project bench/VideoGen.Bench [-- --lessons 100000 --videos 1143 --time-scale 2000]
//   --lessons     catalog size for the overhead and scale measures
//   --videos      catalog size for the throughput runs against the emulator
//   --time-scale  real time divided by this in the throughput runs (2000: a 2-minute Veo clip takes 60 ms)
var lessons = Argument("--lessons", 100_000);
var videos = Argument("--videos", 1_143);
var timeScale = Argument("--time-scale", 2_000);

await using var redis = await LocalRedis.StartAsync();

// Overhead first: its memory figure is the process's peak working set, which must not include the other runs.
var overhead = await OverheadBench.RunAsync(redis, lessons);

await using var emulator = await BenchEmulator.StartAsync();
var throughput = new ThroughputBench(redis, emulator, timeScale);
var catalog = ThroughputBench.Catalog(videos);
var baseline = await throughput.BaselineAsync(catalog);
var pipeline = await throughput.PipelineAsync(catalog, ThroughputBench.Parallelism, quota: 0);
var adaptive = await throughput.PipelineAsync(catalog, ThroughputBench.AdaptiveCeiling, ThroughputBench.Quota);

Console.WriteLine();
Console.WriteLine($"VideoGen benchmark, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
ThroughputTables.Print(videos, timeScale, baseline, pipeline, adaptive);

Console.WriteLine();
Console.WriteLine("Pipeline overhead and scale");
Console.WriteLine();
Console.WriteLine("| measure | result | goal |");
Console.WriteLine("|---|---|---|");
foreach (var (measure, result, goal) in overhead)
{
    Console.WriteLine($"| {measure} | {result} | {goal} |");
}

var failed = new[] { baseline, pipeline, adaptive }.Sum(r => r.Lessons - r.Succeeded);
return failed == 0 ? 0 : 1;

int Argument(string name, int fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return value is null ? fallback
        : int.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed
        : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'");
}
