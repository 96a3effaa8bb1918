using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace VideoGen.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, started for one test class and stopped after it: each class has
/// a server of its own, so classes run in parallel and may empty theirs at will.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private string[] _settings = ["--save", "", "--appendonly", "no"];
    private Process? _process;

    /// <summary>A server started with these settings instead of the fixtures' (nothing saved), for tests of the settings themselves.</summary>
    public static RedisServer With(params string[] settings) => new() { _settings = settings };

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        Port = FreePort();
        _process = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", .. _settings])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                await using var redis = await ConnectAsync();
                await redis.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public Task<ConnectionMultiplexer> ConnectAsync() =>
        ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { ConnectionString }, AllowAdmin = true, ConnectTimeout = 2000 });

    public async Task FlushAsync()
    {
        await using var redis = await ConnectAsync();
        await redis.GetServer(ConnectionString).FlushAllDatabasesAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
