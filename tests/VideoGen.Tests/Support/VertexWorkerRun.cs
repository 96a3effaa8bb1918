using System.Text.Json.Nodes;

namespace VideoGen.Tests.Support;

/// <summary>
/// The real worker with the vertex provider, run as its own process against a fresh emulator and a flushed Redis,
/// in a temporary folder of its own; with every wait of the product short.
/// </summary>
public sealed class VertexWorkerRun(RedisServer redis) : IAsyncLifetime, IDisposable
{
    public TempFolder Folder { get; } = new();

    public VertexEmulatorServer Emulator { get; } = new();

    public string Output => Path.Combine(Folder.Path, "out");

    public async Task InitializeAsync()
    {
        await redis.FlushAsync();
        await Emulator.InitializeAsync();
    }

    public Task DisposeAsync() => Emulator.DisposeAsync();

    public void Dispose() => Folder.Dispose();

    /// <summary>
    /// Review is off unless a test is about it: every test here makes real videos, and looking at each again would
    /// only make the suite slower. For the same reason they are encoded with x264's fastest preset and without camera moves.
    /// </summary>
    public string Review { get; set; } = "off";

    /// <summary>Through the Gemini Developer API with an API key (<c>--provider gemini</c>) instead of Vertex AI.</summary>
    public bool GeminiApi { get; init; }

    public string[] Arguments(string catalog, params string[] extra) =>
    [
        "--catalog", catalog, "--output", Output, "--redis", redis.ConnectionString,
        .. GeminiApi
            ? (string[])["--provider", "gemini", $"--Gemini:BaseUrl={Emulator.Url}", "--Gemini:PollInterval=00:00:00.100"]
            : ["--provider", "vertex", "--Vertex:ProjectId=test-project", $"--Vertex:BaseUrl={Emulator.Url}", $"--Vertex:AccessToken={VertexEmulatorServer.Token}",
                "--GoogleAI:PollInterval=00:00:00.100"],
        "--GoogleAI:HttpRetryBaseDelay=00:00:00.050", "--Progress:Mode=Off", "--review", Review, "--camera", "off", "--Providers:Local:VideoPreset=ultrafast", .. extra,
    ];

    /// <summary>Runs the worker; through the Gemini API, with the emulator's key in <c>GEMINI_API_KEY</c>, as a user would give it.</summary>
    public Task<WorkerResult> RunAsync(string catalog, params string[] extra) =>
        WorkerProcess.RunAsync(Folder.Path, GeminiApi ? new Dictionary<string, string> { ["GEMINI_API_KEY"] = VertexEmulatorServer.ApiKey } : [], Arguments(catalog, extra));

    public JsonNode Report() => JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "report.json")))!;
}
