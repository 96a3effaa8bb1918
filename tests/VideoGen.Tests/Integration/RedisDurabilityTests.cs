using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Tests.Support;
using VideoGen.Worker.Ledger;

namespace VideoGen.Tests.Integration;

/// <summary>The worker reads how its Redis keeps data before it trusts it with paid work.</summary>
public sealed class RedisDurabilityTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_Redis_that_may_evict_any_key_is_refused_unless_allowed()
    {
        var redis = RedisServer.With("--save", "", "--appendonly", "no", "--maxmemory", "100mb", "--maxmemory-policy", "allkeys-lru");
        await redis.InitializeAsync();
        try
        {
            var catalog = _folder.File("catalog.json", """{"courses":[{"id":"python","title":"Python","lessons":[{"id":"loops","title":"Loops","text":"A loop repeats work."}]}]}""");
            string[] arguments = ["--catalog", catalog, "--output", Path.Combine(_folder.Path, "out"), "--redis", redis.ConnectionString, "--Progress:Mode=Off"];

            var refused = await WorkerProcess.RunAsync(_folder.Path, arguments);

            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("maxmemory-policy allkeys-lru", refused.Error);
            Assert.Contains("--Ledger:AllowVolatileRedis=true", refused.Error);
            Assert.False(File.Exists(Path.Combine(_folder.Path, "out", "python", "loops.mp4")));

            var allowed = await WorkerProcess.RunAsync(_folder.Path, [.. arguments, "--Ledger:AllowVolatileRedis=true"]);

            Assert.True(allowed.ExitCode == 0, allowed.Output + allowed.Error);
            Assert.Contains("may evict any key", allowed.Output);
            Assert.Contains("keeps its data in memory only", allowed.Output);
            Assert.True(File.Exists(Path.Combine(_folder.Path, "out", "python", "loops.mp4")));
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_Redis_with_an_append_only_file_and_no_eviction_is_trusted_without_a_word()
    {
        var redis = RedisServer.With("--appendonly", "yes", "--appendfsync", "everysec", "--dir", _folder.Path, "--maxmemory", "100mb", "--maxmemory-policy", "noeviction");
        await redis.InitializeAsync();
        try
        {
            await using var connection = await redis.ConnectAsync();
            var recorder = new RecordingLogger();
            using var logging = LoggerFactory.Create(builder => builder.AddProvider(recorder));
            await new RedisDurability(connection, Options.Create(new RedisDurabilityOptions()), logging.CreateLogger<RedisDurability>())
                .CheckAsync(CancellationToken.None);

            Assert.Empty(recorder.Messages);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(0, "allkeys-lru", false, "", false, 1)]
    [InlineData(104857600, "allkeys-lru", true, "", true, 0)]
    [InlineData(104857600, "allkeys-random", true, "3600 1", true, 0)]
    [InlineData(104857600, "volatile-lru", true, "", false, 1)]
    [InlineData(104857600, "noeviction", false, "3600 1 300 100", false, 1)]
    [InlineData(104857600, "noeviction", false, null, false, 1)]
    [InlineData(104857600, "noeviction", true, "", false, 0)]
    public void Eviction_of_any_key_is_refused_and_volatile_or_lossy_settings_are_warned_about(
        long maxMemory, string policy, bool appendOnly, string? save, bool refused, int warnings)
    {
        var verdict = RedisDurability.Judge(maxMemory, policy, appendOnly, save);

        Assert.Equal(refused, verdict.Refusal is not null);
        Assert.Equal(warnings, verdict.Warnings.Count);
    }
}
