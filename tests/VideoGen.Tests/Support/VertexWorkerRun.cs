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
    /// only make the suite slower. For the same reason they are encoded with x264's fastest preset.
    /// </summary>
    public string Review { get; set; } = "off";

    public string[] Arguments(string catalog, params string[] extra) =>
    [
        "--catalog", catalog, "--output", Output, "--redis", redis.ConnectionString, "--provider", "vertex",
        "--Vertex:ProjectId=test-project", $"--Vertex:BaseUrl={Emulator.Url}", $"--Vertex:AccessToken={VertexEmulatorServer.Token}",
        "--Vertex:PollInterval=00:00:00.100", "--Vertex:HttpRetryBaseDelay=00:00:00.050",
        "--Progress:Mode=Off", "--review", Review, "--Providers:Local:VideoPreset=ultrafast", .. extra,
    ];

    public Task<WorkerResult> RunAsync(string catalog, params string[] extra) => WorkerProcess.RunAsync(Folder.Path, Arguments(catalog, extra));

    public JsonNode Report() => JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "report.json")))!;
}
