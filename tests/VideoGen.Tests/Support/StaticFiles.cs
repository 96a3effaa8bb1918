using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace VideoGen.Tests.Support;

/// <summary>
/// A folder served over HTTP on loopback, with range requests as a video host answers them: a page opened from a file
/// cannot read its own video's pixels back (the file's origin is opaque), and seeking needs ranges.
/// </summary>
public sealed class StaticFiles : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticFiles(WebApplication app, string url) => (_app, Url) = (app, url);

    public string Url { get; }

    public static async Task<StaticFiles> ServeAsync(string folder)
    {
        var url = $"http://127.0.0.1:{RedisServer.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(folder),
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            ServeUnknownFileTypes = false,
        });
        await app.StartAsync();
        return new StaticFiles(app, url);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
