using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using VideoGen.VertexEmulator;

namespace VideoGen.Bench;

/// <summary>The Vertex emulator on a free loopback port, spoken to over real HTTP.</summary>
internal sealed class BenchEmulator : IAsyncDisposable
{
    public const string Token = "bench-token";

    private readonly WebApplication _app;

    private BenchEmulator(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public EmulatorState State => _app.Services.GetRequiredService<EmulatorState>();

    public static async Task<BenchEmulator> StartAsync()
    {
        var url = $"http://127.0.0.1:{LocalRedis.FreePort()}";
        var app = EmulatorApp.Build(["--urls", url, "--Emulator:Token", Token, "--Logging:LogLevel:Default", "Warning"]);
        await app.StartAsync();
        return new BenchEmulator(app, url);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
