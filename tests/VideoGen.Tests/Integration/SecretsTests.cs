using System.Diagnostics;
using VideoGen.Tests.Support;

namespace VideoGen.Tests.Integration;

/// <summary>The Redis password never shows in anything a run writes, whether Redis answers or not.</summary>
public sealed class SecretsTests : IDisposable
{
    private const string Password = "redis-secret-password-7d3e1b";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_redis_password_is_in_no_log_error_or_report()
    {
        var port = RedisServer.FreePort();
        using var server = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--requirepass", Password])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            await Wait.UntilAsync(() => AnswersAsync(port), TimeSpan.FromSeconds(30), "the password-protected Redis to answer PING", 100);
            var catalog = _folder.File("catalog.csv",
                "courseId,courseTitle,lessonId,lessonTitle,text\nc,Course,ok,Fine,Short text.\nc,Course,bad id,Bad,Broken id.\n");
            var output = Path.Combine(_folder.Path, "out");

            var run = await WorkerProcess.RunAsync(_folder.Path,
                "--catalog", catalog, "--output", output, "--redis", $"127.0.0.1:{port},password={Password}");
            var wrong = await WorkerProcess.RunAsync(_folder.Path,
                "--catalog", catalog, "--output", output, "--redis", $"127.0.0.1:{RedisServer.FreePort()},password={Password}");

            Assert.True(run.ExitCode == 1, run.Output + run.Error);
            Assert.Equal(2, wrong.ExitCode);
            var written = string.Concat(Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".json") || f.EndsWith(".md") || f.EndsWith(".html") || f.EndsWith(".vtt"))
                .Select(File.ReadAllText));
            foreach (var text in new[] { run.Output, run.Error, wrong.Output, wrong.Error, written })
            {
                Assert.DoesNotContain(Password, text);
            }
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        try
        {
            await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(
                $"127.0.0.1:{port},password={Password},abortConnect=true,connectTimeout=500");
            await redis.GetDatabase().PingAsync();
            return true;
        }
        catch (StackExchange.Redis.RedisConnectionException)
        {
            return false;
        }
    }
}
