using System.Diagnostics;

namespace VideoGen.Tests.Support;

/// <summary>Debian's headless Chromium, started the way this network allows (no background connections).</summary>
public static class Chromium
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--virtual-time-budget=5000",
    ];

    /// <summary>Renders the page and returns the DOM after its scripts ran.</summary>
    public static async Task<string> DumpDomAsync(string page) => (await RunAsync(["--dump-dom", new Uri(page).AbsoluteUri])).Output;

    public static async Task ScreenshotAsync(string page, string png, int width = 1280, int height = 1400) =>
        await RunAsync([$"--screenshot={png}", $"--window-size={width},{height}", new Uri(page).AbsoluteUri]);

    private static async Task<(string Output, string Error)> RunAsync(string[] arguments)
    {
        var executable = new[] { "chromium", "chromium-browser", "google-chrome" }
            .Select(name => Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(p => Path.Combine(p, name)).FirstOrDefault(File.Exists))
            .FirstOrDefault(p => p is not null)
            ?? throw new InvalidOperationException("Chromium is not installed: run scripts/install-prerequisites.sh --tests");

        var profile = Directory.CreateTempSubdirectory("videogen-chromium-");
        try
        {
            var start = new ProcessStartInfo(executable, [.. Flags, $"--user-data-dir={profile.FullName}", .. arguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(process.ExitCode == 0, $"chromium failed: {await error}");
            return (await output, await error);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
