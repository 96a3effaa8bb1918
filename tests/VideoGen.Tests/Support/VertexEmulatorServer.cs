using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using VideoGen.VertexEmulator;

namespace VideoGen.Tests.Support;

/// <summary>The Vertex emulator on a free loopback port, inside the test process but over real HTTP.</summary>
public sealed class VertexEmulatorServer : IAsyncLifetime
{
    public const string Token = "emulator-secret-token-4f9c2a";

    /// <summary>The key the emulator's Gemini API surface accepts.</summary>
    public const string ApiKey = "emulator-secret-api-key-7d1e05";

    /// <summary>The bearer token the emulator's GPU job server expects.</summary>
    public const string GpuToken = "emulator-secret-gpu-token-93be61";

    private WebApplication? _app;

    public string Url { get; private set; } = "";

    public EmulatorState State => _app!.Services.GetRequiredService<EmulatorState>();

    public async Task InitializeAsync()
    {
        Url = $"http://127.0.0.1:{RedisServer.FreePort()}";
        _app = EmulatorApp.Build(["--urls", Url, "--Emulator:Token", Token, "--Emulator:ApiKey", ApiKey, "--Emulator:GpuToken", GpuToken, "--Logging:LogLevel:Default", "Warning"]);
        await _app.StartAsync();
    }

    public int Count(string method) => State.CountOf(method);

    /// <summary>The GPU job server's side: its jobs, keys and counters.</summary>
    public GpuJobState Gpu => _app!.Services.GetRequiredService<GpuJobState>();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
