using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace VideoGen.Bench;

/// <summary>A throw-away redis-server on a free loopback port.</summary>
internal sealed class LocalRedis : IAsyncDisposable
{
    private readonly Process _server;

    private LocalRedis(Process server, int port, ConnectionMultiplexer connection)
    {
        _server = server;
        Port = port;
        Connection = connection;
    }

    public int Port { get; }

    public ConnectionMultiplexer Connection { get; }

    public static async Task<LocalRedis> StartAsync()
    {
        var port = FreePort();
        var server = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        })!;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true");
                return new LocalRedis(server, port, connection);
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Another connection, as another worker process has its own.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync() => await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port}");

    /// <summary>Empties the ledger between measured runs.</summary>
    public Task FlushAsync() => Connection.GetServer(Connection.GetEndPoints()[0]).FlushDatabaseAsync();

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _server.Kill();
        await _server.WaitForExitAsync();
        _server.Dispose();
    }
}
