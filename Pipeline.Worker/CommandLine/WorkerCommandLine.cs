namespace VideoGen.Worker.CommandLine;

/// <summary>
/// The worker's command line, mapped onto configuration so that the same settings also come from environment
/// variables and appsettings.json. Any other setting can be given as <c>--Section:Key=value</c>.
/// </summary>
public static class WorkerCommandLine
{
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--catalog"] = "VideoGen:Catalog",
        ["--output"] = "VideoGen:Output",
        ["--provider"] = "VideoGen:Provider",
        ["--review"] = "Review:Mode",
        ["--camera"] = "VideoGen:Camera",
        ["--presenter"] = "VideoGen:Presenter",
        ["--force"] = "VideoGen:Force",
        ["--dry-run"] = "VideoGen:DryRun",
        ["--retry-failed"] = "VideoGen:RetryFailed",
        ["--list-failed"] = "VideoGen:ListFailed",
        ["--resubmit-unknown"] = "VideoGen:ResubmitUnknown",
        ["--mode"] = "VideoGen:Mode",
        ["--store"] = "VideoGen:Store",
        ["--enqueue"] = "VideoGen:Enqueue",
        ["--urls"] = "urls",
        ["--redis"] = "ConnectionStrings:redis",
        ["--render-parallelism"] = "Pipeline:RenderParallelism",
        ["--max-retries"] = "Pipeline:MaxRetries",
    };

    private static readonly HashSet<string> Flags = ["--force", "--dry-run", "--retry-failed", "--list-failed", "--resubmit-unknown"];

    public const string Usage =
        "usage: Pipeline.Worker --catalog <file> --output <dir> [--provider local|vertex] [--review off|local] [--redis <host:port>]\n" +
        "                       [--force] [--dry-run] [--retry-failed] [--resubmit-unknown] [--list-failed] [--store folder|blob]\n" +
        "                       [--render-parallelism <n>] [--max-retries <n>] [--Section:Key=value ...]\n" +
        "       Pipeline.Worker --mode service --output <dir> [--urls <url>] [...]   takes catalogs from the queue, waits for more\n" +
        "       Pipeline.Worker --enqueue <file> [--redis <host:port>]   puts a catalog in the service's queue";

    /// <summary>Turns the arguments into configuration pairs; throws <see cref="ArgumentException"/> on a mistake.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Parse(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (Switches.TryGetValue(name, out var key))
            {
                if (Flags.Contains(name))
                {
                    yield return new(key, inlineValue ?? "true");
                    continue;
                }

                var value = inlineValue ?? (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
                yield return new(key, value ?? throw new ArgumentException($"{name} needs a value"));
            }
            else if (name.StartsWith("--", StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal) && inlineValue is not null)
            {
                yield return new(name[2..], inlineValue);
            }
            else
            {
                throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
    }
}
