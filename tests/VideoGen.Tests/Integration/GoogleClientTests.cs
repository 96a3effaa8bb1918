using VideoGen.Tests.Support;

namespace VideoGen.Tests.Integration;

/// <summary>
/// The emulator speaks the real protocols: Google's own JavaScript client (@google/genai) accepts its answers in Vertex
/// mode and in API-key mode (the Gemini Developer API).
/// </summary>
public sealed class GoogleClientTests : IAsyncLifetime
{
    private readonly VertexEmulatorServer _emulator = new();

    public Task InitializeAsync() => _emulator.InitializeAsync();

    public Task DisposeAsync() => _emulator.DisposeAsync();

    [Fact]
    public async Task Google_genai_client_gets_a_script_speech_and_a_polled_video()
    {
        var client = await NodePackages.EnsureInstalledAsync("genai-client", Path.Combine("node_modules", "@google", "genai"));

        var check = await NodePackages.RunAsync("node", ["check.mjs", _emulator.Url, "vertex", VertexEmulatorServer.Token], client);

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("ok: the video arrives as MP4 bytes", check.Output);
        Assert.Equal(2, _emulator.Count("generateContent") + _emulator.Count("tts"));
        Assert.Equal(1, _emulator.Count("tts"));
        Assert.Equal(1, _emulator.Count("predictLongRunning"));
        Assert.True(_emulator.Count("fetchPredictOperation") >= 1);
    }

    [Fact]
    public async Task Google_genai_client_in_api_key_mode_gets_a_script_speech_and_a_downloaded_video()
    {
        var client = await NodePackages.EnsureInstalledAsync("genai-client", Path.Combine("node_modules", "@google", "genai"));

        var check = await NodePackages.RunAsync("node", ["check.mjs", _emulator.Url, "apikey", VertexEmulatorServer.ApiKey], client);

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("ok: the video arrives as a file to download", check.Output);
        Assert.Contains("ok: the video arrives as MP4 bytes", check.Output);
        Assert.Equal((1, 1, 1), (_emulator.Count("tts"), _emulator.Count("predictLongRunning"), _emulator.Count("files.download")));
        Assert.True(_emulator.Count("operations.get") >= 1);
    }
}
