using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Review;

namespace VideoGen.Worker.Hosting;

/// <summary>One option of the worker's command line: the setting it binds, what it means, its default and its choices.</summary>
/// <param name="Default">What the setting is when the option is not given, read from the options class that binds it.</param>
public sealed record WorkerSwitch(string Name, string Key, string Meaning, string? Default = null, string[]? Choices = null, bool IsFlag = false, string ValueName = "value");

/// <summary>
/// The worker's command line (System.CommandLine), mapped onto configuration so that the same settings also come from
/// environment variables and appsettings.json. Any other setting can be given as <c>--Section:Key=value</c>. Help is
/// made from the same table that binds the options.
/// </summary>
public static class WorkerCommandLine
{
    public static readonly IReadOnlyList<WorkerSwitch> Switches =
    [
        new("--catalog", "VideoGen:Catalog", "the catalog, JSON or CSV (required, but in service mode)", ValueName: "file"),
        new("--output", "VideoGen:Output", "where videos and reports go (required)", ValueName: "dir"),
        new("--provider", "VideoGen:Provider", "which providers make the videos; gemini is the Gemini API with a key", new WorkerOptions().Provider, WorkerOptions.Providers),
        new("--camera", "VideoGen:Camera", "camera moves over every scene; neoverse films each scene again on a NeoVerse GPU server", new WorkerOptions().Camera,
            [WorkerOptions.CameraOff, WorkerOptions.CameraLocal, WorkerOptions.CameraNeoVerse]),
        new("--presenter", "VideoGen:Presenter", "an instructor speaking the narration in the bottom right corner; avatarforcing needs an AvatarForcing GPU server and is non-commercial only",
            new WorkerOptions().Presenter, [WorkerOptions.PresenterOff, WorkerOptions.PresenterLocal, WorkerOptions.PresenterAvatarForcing]),
        new("--visuals", "VideoGen:Visuals", "what is paid for to picture scenes without a figure of the lesson: Gemini illustrations, Veo clips, both (clips start from the illustrations) or none; Google providers",
            new WorkerOptions().Visuals, WorkerOptions.VisualChoices),
        new("--length", "VideoGen:Length", "how long each video is: standard grows with the lesson (a minute per 700 words, 1 to 6), short is about 80 s, long is half as long again; or minutes",
            new WorkerOptions().Length, ValueName: "short|standard|long|minutes"),
        new("--instructions", "VideoGen:Instructions", "what every script should keep in mind (audience, tone, what to stress); Gemini follows them, the local writer cannot",
            ValueName: "text"),
        new("--review", "Review:Mode", "how every video is checked before it is stored; gemini needs --provider vertex or gemini", new ReviewOptions().Mode,
            [ReviewOptions.Off, ReviewOptions.Local, ReviewOptions.Gemini]),
        new("--redis", "ConnectionStrings:redis", "the Redis that remembers finished lessons; or set ConnectionStrings__redis", ValueName: "host:port"),
        new("--max-spend", "VideoGen:MaxSpend", "the most the catalog may spend, in US dollars, across workers and runs until it is made; no paid request starts past it",
            ValueName: "usd"),
        new("--force", "VideoGen:Force", "make every lesson again, finished or not", IsFlag: true),
        new("--dry-run", "VideoGen:DryRun", "only print what would be made after skipping and the estimated cost; calls no paid API", IsFlag: true),
        new("--retry-failed", "VideoGen:RetryFailed", "also try again lessons that failed for good in an earlier run", IsFlag: true),
        new("--resubmit-unknown", "VideoGen:ResubmitUnknown", "request again the Veo clips whose answers were lost in an earlier run (they may be paid twice)", IsFlag: true),
        new("--list-failed", "VideoGen:ListFailed", "only print the catalog's lessons that failed, with their reasons", IsFlag: true),
        new("--store", "VideoGen:Store", "where finished videos go: the output folder or Azure Blob Storage", new WorkerOptions().Store, [WorkerOptions.FolderStore, WorkerOptions.BlobStore]),
        new("--mode", "VideoGen:Mode", "once: make the catalog and exit; service: make queued catalogs with every other service worker, wait for more",
            new WorkerOptions().Mode, [WorkerOptions.Once, WorkerOptions.Service]),
        new("--enqueue", "VideoGen:Enqueue", "check a catalog and put it in the service's queue (needs only --redis)", ValueName: "file"),
        new("--urls", "urls", "in service mode, where the health endpoints listen (/health readiness, /alive liveness)", ValueName: "url"),
        new("--render-parallelism", "Pipeline:RenderParallelism", "compositions (ffmpeg, CPU work) at once; Veo clips are bounded by their quota instead",
            new PipelineOptions().RenderParallelism.ToString(CultureInfo.InvariantCulture), ValueName: "n"),
        new("--max-retries", "Pipeline:MaxRetries", "retries of a stage after a transient failure", new PipelineOptions().MaxRetries.ToString(CultureInfo.InvariantCulture), ValueName: "n"),
    ];

    private const string Description =
        "Turns a course catalog into narrated lesson videos.\n\n" +
        "  Pipeline.Worker --catalog <file> --output <dir> --redis <host:port> [options]   makes one catalog\n" +
        "  Pipeline.Worker --mode service --output <dir> --redis <host:port> [options]    takes catalogs from the queue\n" +
        "  Pipeline.Worker --enqueue <file> --redis <host:port>                           puts a catalog in that queue\n\n" +
        "Any other setting is --Section:Key=value (for example --Vertex:ProjectId=my-project), as in README's tables.";

    /// <summary>
    /// Turns the arguments into configuration pairs (a setting given twice takes its last value). Help is written to
    /// <paramref name="output"/> and a mistake to <paramref name="error"/>; either way <see cref="ParsedCommandLine.ExitCode"/> says how to end.
    /// </summary>
    public static ParsedCommandLine Parse(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand(Description) { TreatUnmatchedTokensAsErrors = false };
        var options = Switches.ToDictionary(s => s, Option);
        foreach (var option in options.Values)
        {
            root.Options.Add(option);
        }

        var result = root.Parse(args);
        if (result.Action is HelpAction)
        {
            result.Invoke(new InvocationConfiguration { Output = output, Error = error });
            return new ParsedCommandLine([], ExitCodes.Success);
        }

        var mistake = result.Errors.Select(e => e.Message).FirstOrDefault() ?? Unknown(result.UnmatchedTokens);
        if (mistake is not null)
        {
            error.WriteLine($"error: {mistake}\nSee Pipeline.Worker --help.");
            return new ParsedCommandLine([], ExitCodes.CannotStart);
        }

        var settings = new List<KeyValuePair<string, string?>>();
        foreach (var (definition, option) in options)
        {
            if (result.GetResult(option) is { Implicit: false } given)
            {
                settings.Add(new(definition.Key, definition.IsFlag ? (result.GetValue((Option<bool>)option) ? "true" : "false") : given.Tokens.LastOrDefault()?.Value));
            }
        }

        settings.AddRange(result.UnmatchedTokens.Select(token => token.Split('=', 2)).Select(pair => new KeyValuePair<string, string?>(pair[0][2..], pair[1])));
        return new ParsedCommandLine([.. settings.GroupBy(s => s.Key, StringComparer.OrdinalIgnoreCase).Select(g => g.Last())], null);
    }

    private static Option Option(WorkerSwitch definition)
    {
        if (definition.IsFlag)
        {
            return new Option<bool>(definition.Name) { Description = definition.Meaning, Arity = ArgumentArity.ZeroOrOne };
        }

        // As with any command line, an option given twice takes its last value: each occurrence takes one value.
        var option = new Option<string[]>(definition.Name)
        {
            Description = definition.Meaning,
            HelpName = definition.Choices is { } names ? string.Join('|', names) : definition.ValueName,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        if (definition.Default is { } value)
        {
            option.DefaultValueFactory = _ => [value];
        }

        if (definition.Choices is { } choices)
        {
            option.AcceptOnlyFromAmong(choices);
        }

        return option;
    }

    /// <summary>The first argument that is neither an option nor a setting, said with the option nearest to it.</summary>
    private static string? Unknown(IReadOnlyList<string> unmatched)
    {
        foreach (var token in unmatched)
        {
            var isSetting = token.StartsWith("--", StringComparison.Ordinal) && token.Split('=', 2) is [var key, _] && key.Contains(':', StringComparison.Ordinal) && key.Length > 3;
            if (!isSetting)
            {
                var nearest = Switches.Select(s => s.Name).MinBy(name => Distance(name, token.Split('=', 2)[0]));
                return token.StartsWith('-')
                    ? $"unknown option '{token}'; did you mean '{nearest}'?"
                    : $"unexpected argument '{token}' (a setting is --Section:Key=value; options are listed by --help)";
            }
        }

        return null;
    }

    /// <summary>Levenshtein's edit distance, to suggest the option a mistyped one was meant to be.</summary>
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}

/// <summary>The settings the command line gives, or how the program should end at once (after help, or a mistake).</summary>
public sealed record ParsedCommandLine(IReadOnlyList<KeyValuePair<string, string?>> Settings, int? ExitCode);
