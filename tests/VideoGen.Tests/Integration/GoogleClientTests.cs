using System.Diagnostics;
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
        var client = Path.Combine(RepositoryRoot(), "tests", "genai-client");
        if (!Directory.Exists(Path.Combine(client, "node_modules", "@google", "genai")))
        {
            var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], client);
            Assert.True(install.ExitCode == 0, $"npm ci failed: {install.Output}");
        }

        var check = await RunAsync("node", ["check.mjs", _emulator.Url, VertexEmulatorServer.Token], client);

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("ok: the video arrives as MP4 bytes", check.Output);
        Assert.Equal(2, _emulator.Count("generateContent") + _emulator.Count("tts"));
        Assert.Equal(1, _emulator.Count("tts"));
        Assert.Equal(1, _emulator.Count("predictLongRunning"));
        Assert.True(_emulator.Count("fetchPredictOperation") >= 1);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, string[] arguments, string folder)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "VideoGen.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("VideoGen.sln not found above the test folder");
    }
}
