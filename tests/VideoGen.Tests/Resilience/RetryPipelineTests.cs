using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Registry;
using StackExchange.Redis;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Providers.GoogleAI;
using VideoGen.Worker.Service;

namespace VideoGen.Tests.Resilience;

/// <summary>Each named retry pipeline of the worker, driven by a fake clock: what it retries, how long it waits, when it gives up.</summary>
public sealed class RetryPipelineTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<DateTimeOffset> _attempts = [];

    private ResiliencePipeline Pipeline(string name, Action<IServiceCollection> register)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time);
        register(services);
        return services.BuildServiceProvider().GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(name);
    }

    /// <summary>Runs the pipeline over an action failing <paramref name="failures"/> times, moving the clock until it ends.</summary>
    private async Task<Exception?> RunAsync(ResiliencePipeline pipeline, int failures, Func<Exception> failure)
    {
        var run = pipeline.ExecuteAsync(_ =>
        {
            lock (_attempts)
            {
                _attempts.Add(_time.GetUtcNow());
            }

            return _attempts.Count <= failures ? ValueTask.FromException(failure()) : ValueTask.CompletedTask;
        }).AsTask();
        for (var step = 0; step < 100_000 && !run.IsCompleted; step++)
        {
            // Give the attempt that a timer released the time to run before the clock moves on.
            await Task.Delay(2);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.True(run.IsCompleted, "the pipeline never finished");
        return run.Exception?.InnerException;
    }

    private List<double> Gaps() => _attempts.Zip(_attempts.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();

    /// <summary>The waits between attempts, to within the clock's step.</summary>
    private void AssertGaps(params double[] expected)
    {
        var gaps = Gaps();
        Assert.True(expected.Length == gaps.Count && expected.Zip(gaps).All(p => Math.Abs(p.First - p.Second) <= 0.15),
            $"waits were {string.Join(", ", gaps.Select(g => g.ToString("0.0")))} s; expected {string.Join(", ", expected)} s");
    }

    private static RedisConnectionException RedisDown() => new(ConnectionFailureType.UnableToConnect, "Redis is down");

    [Fact]
    public async Task Redis_outage_waits_with_doubling_delays_capped_at_ten_seconds_until_redis_is_back()
    {
        var pipeline = Pipeline(RedisOutage.PipelineName, s => s.AddSingleton(Options.Create(new LedgerOptions())).AddRedisOutagePipeline());

        var error = await RunAsync(pipeline, failures: 8, RedisDown);

        Assert.Null(error);
        AssertGaps(0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 10, 10);
    }

    [Fact]
    public async Task Redis_outage_gives_up_once_the_outage_lasted_the_tolerance()
    {
        var pipeline = Pipeline(RedisOutage.PipelineName, s => s
            .AddSingleton(Options.Create(new LedgerOptions { RedisOutageTolerance = TimeSpan.FromSeconds(30) })).AddRedisOutagePipeline());

        var error = await RunAsync(pipeline, failures: int.MaxValue, RedisDown);

        Assert.IsType<RedisConnectionException>(error);
        Assert.InRange((_attempts[^1] - _attempts[0]).TotalSeconds, 30, 41);
    }

    [Fact]
    public async Task Redis_outage_does_not_retry_what_is_not_an_outage()
    {
        var pipeline = Pipeline(RedisOutage.PipelineName, s => s.AddSingleton(Options.Create(new LedgerOptions())).AddRedisOutagePipeline());

        var error = await RunAsync(pipeline, failures: 1, () => new InvalidOperationException("a bug"));

        Assert.IsType<InvalidOperationException>(error);
        Assert.Single(_attempts);
    }

    [Fact]
    public async Task The_catalog_queue_waits_for_redis_as_long_as_it_takes_and_says_so_in_its_health()
    {
        var state = new CatalogServiceState();
        var pipeline = Pipeline(QueueRedisRetry.PipelineName, s => s.AddSingleton(state).AddQueueRedisRetry());

        var error = await RunAsync(pipeline, failures: 7, RedisDown);

        Assert.Null(error);
        AssertGaps(2, 4, 8, 16, 30, 30, 30);
        Assert.Equal("waiting for Redis", state.Current);
    }

    [Fact]
    public async Task Saving_a_started_veo_operation_is_tried_six_times_with_doubling_delays()
    {
        var pipeline = Pipeline(VeoRetries.SaveOperation, s => s.AddSingleton(Options.Create(new GoogleAIOptions())).AddVeoRetries());

        var error = await RunAsync(pipeline, failures: int.MaxValue, RedisDown);

        Assert.IsType<RedisConnectionException>(error);
        AssertGaps(2, 4, 8, 16, 32);
    }

    [Fact]
    public async Task A_veo_start_refused_for_quota_is_tried_at_once_then_with_growing_delays_ten_times_in_all()
    {
        var pipeline = Pipeline(VeoRetries.Start, s => s.AddSingleton(Options.Create(new GoogleAIOptions { HttpRetryBaseDelay = TimeSpan.FromSeconds(2) })).AddVeoRetries());

        var error = await RunAsync(pipeline, failures: int.MaxValue, () => new HttpRequestException("quota", null, HttpStatusCode.TooManyRequests));

        Assert.Equal(HttpStatusCode.TooManyRequests, Assert.IsType<HttpRequestException>(error).StatusCode);
        Assert.Equal(VeoRetries.MaxRefusals, _attempts.Count);
        Assert.InRange(Gaps()[0], 0, 0.15);
    }

    [Fact]
    public async Task A_veo_start_refused_for_another_reason_is_not_tried_again()
    {
        var pipeline = Pipeline(VeoRetries.Start, s => s.AddSingleton(Options.Create(new GoogleAIOptions())).AddVeoRetries());

        var error = await RunAsync(pipeline, failures: 1, () => new HttpRequestException("bad request", null, HttpStatusCode.BadRequest));

        Assert.IsType<HttpRequestException>(error);
        Assert.Single(_attempts);
    }

    [Theory]
    [InlineData(1, 1, 3)]
    [InlineData(2, 2, 6)]
    [InlineData(3, 4, 12)]
    [InlineData(4, 8, 24)]
    [InlineData(12, 120, 120)]
    public void The_delay_between_refused_veo_starts_doubles_around_the_base_delay_up_to_two_minutes(int retry, double atLeast, double atMost)
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(VeoRetries.StartDelay(retry, TimeSpan.FromSeconds(2)).TotalSeconds, atLeast, atMost);
        }
    }
}
