using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using VideoGen.Tests.Support;
using VideoGen.VertexEmulator;
using VideoGen.Worker.Hosting;
using VideoGen.Worker.Providers.GoogleAI;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Tests.Providers;

/// <summary>The Vertex HTTP client's retries, timed by a fake clock: no test sleeps through a backoff.</summary>
public sealed class GenAIClientRetryTests : IAsyncLifetime
{
    private readonly VertexEmulatorServer _emulator = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogger _log = new();
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        await _emulator.InitializeAsync();
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(_log)).AddMetrics().AddSingleton<PipelineTelemetry>().AddSingleton<TimeProvider>(_time);
        services.AddOptions<GoogleAIOptions>().Configure(o =>
        {
            o.ProjectId = "p";
            o.BaseUrl = _emulator.Url;
            o.AccessToken = VertexEmulatorServer.Token;
            o.HttpRetryBaseDelay = TimeSpan.FromSeconds(2);
            o.HttpRetryJitter = false;
        });
        // No cap is set, so the budget never reaches its Redis: one that is not there will do.
        services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(_ => StackExchange.Redis.ConnectionMultiplexer.Connect(
            new StackExchange.Redis.ConfigurationOptions { EndPoints = { "127.0.0.1:1" }, AbortOnConnectFail = false }));
        services.AddSingleton<VideoGen.Worker.Ledger.SpendBudget>();
        _services = services.AddGoogleClients().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        // A call still waiting on the fake clock would hold the disposal forever: fail instead of hanging the suite.
        await (_services?.DisposeAsync() ?? ValueTask.CompletedTask).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await _emulator.DisposeAsync();
    }

    private static readonly GenerateContentRequest Hello = new([new Content("user", [new Part("Hello")])]);

    private async Task<Task<GenerateContentResponse>> StartCallAndWaitForAttempts(int attempts)
    {
        var call = _services!.GetRequiredService<GenAIClient>().GenerateContentAsync("gemini-3-flash-preview", "global", Hello, VideoGen.Worker.Telemetry.SpendPurpose.Script, CancellationToken.None);
        await Wait.UntilAsync(() => _emulator.Count("generateContent") >= attempts, TimeSpan.FromSeconds(10), $"{attempts} generateContent attempts", 10);
        return call;
    }

    /// <summary>
    /// Waits until the client has read the answer and scheduled its retry on the fake clock (Polly logs the retry just
    /// before it starts the delay), so that moving the clock measures the delay and nothing else.
    /// </summary>
    private async Task RetryScheduledAsync(int retries)
    {
        await Wait.UntilAsync(() => _log.Count("OnRetry") >= retries, TimeSpan.FromSeconds(20), $"retry {retries} to be scheduled", 10);
        await Task.Delay(50);
    }

    [Fact]
    public async Task A_429_with_RetryInfo_waits_as_long_as_Google_asks()
    {
        _emulator.State.Script(new FaultScript { Faults = new() { ["generateContent"] = [429] }, RetryDelay = "30s" });

        var call = await StartCallAndWaitForAttempts(1);
        await RetryScheduledAsync(1);
        Assert.False(call.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(100);
        Assert.False(call.IsCompleted);
        Assert.Equal(1, _emulator.Count("generateContent"));

        _time.Advance(TimeSpan.FromSeconds(1));
        var answer = await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(answer.Candidates);
        Assert.Equal(2, _emulator.Count("generateContent"));
    }

    [Fact]
    public async Task Server_errors_back_off_exponentially_and_then_give_up_with_Google_message()
    {
        _emulator.State.Script(new FaultScript { Faults = new() { ["generateContent"] = [500, 500, 500, 500, 500] }, RetryDelay = null });

        var call = await StartCallAndWaitForAttempts(1);
        var waits = new List<TimeSpan>();
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            // Nothing happens until the fake clock moves; then it moves a second at a time until the next attempt.
            await RetryScheduledAsync(attempt - 1);
            Assert.Equal(attempt - 1, _emulator.Count("generateContent"));
            var waited = TimeSpan.Zero;
            while (_emulator.Count("generateContent") < attempt && waited < TimeSpan.FromMinutes(3))
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                waited += TimeSpan.FromSeconds(1);

                // A retry released by this second needs real time to reach the emulator: wait for it before moving on.
                var settled = DateTime.UtcNow.AddMilliseconds(300);
                while (_emulator.Count("generateContent") < attempt && DateTime.UtcNow < settled)
                {
                    await Task.Delay(10);
                }
            }

            Assert.Equal(attempt, _emulator.Count("generateContent"));
            waits.Add(waited);
        }

        // Without jitter each wait is exactly twice the one before, from the base delay of 2 s.
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)], waits);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("INTERNAL", error.Message);
        Assert.Equal(5, _emulator.Count("generateContent"));
    }

    [Fact]
    public async Task A_refused_request_fails_at_once()
    {
        _emulator.State.Script(new FaultScript { Faults = new() { ["generateContent"] = [400] } });

        var call = await StartCallAndWaitForAttempts(1);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("INVALID_ARGUMENT", error.Message);
        Assert.Equal(1, _emulator.Count("generateContent"));
    }
}
