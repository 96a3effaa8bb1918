using VideoGen.Tests.Support;

namespace VideoGen.Tests.Integration;

/// <summary>The emulator speaks the real protocol: Google's own JavaScript client (@google/genai, Vertex mode) accepts its answers.</summary>
public sealed class GoogleClientTests : IAsyncLifetime
{
    private readonly VertexEmulatorServer _emulator = new();

    public Task InitializeAsync() => _emulator.InitializeAsync();

    public Task DisposeAsync() => _emulator.DisposeAsync();

    [Fact]
    public async Task Google_genai_client_gets_a_script_speech_and_a_polled_video()
    {
        var client = await NodePackages.EnsureInstalledAsync("genai-client", Path.Combine("node_modules", "@google", "genai"));

        var check = await NodePackages.RunAsync("node", ["check.mjs", _emulator.Url, VertexEmulatorServer.Token], client);

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("ok: the video arrives as MP4 bytes", check.Output);
        Assert.Equal(2, _emulator.Count("generateContent") + _emulator.Count("tts"));
        Assert.Equal(1, _emulator.Count("tts"));
        Assert.Equal(1, _emulator.Count("predictLongRunning"));
        Assert.True(_emulator.Count("fetchPredictOperation") >= 1);
    }
}
