using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SkiaSharp;
using VideoGen.Tests.Support;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Slides;

namespace VideoGen.Tests.Slides;

/// <summary>A lesson's pictures from beside the catalog or over http(s), from a real HTTP server on loopback.</summary>
public sealed class LessonImagesTests : IAsyncLifetime
{
    private readonly TempFolder _served = new();
    private readonly TempFolder _work = new();
    private StaticFiles _server = null!;

    public async Task InitializeAsync()
    {
        using (var surface = SKSurface.Create(new SKImageInfo(64, 32)))
        {
            surface.Canvas.Clear(SKColors.Red);
            using var png = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(_served.Path, "red.png"), png.ToArray());
        }

        await Tool.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=blue:s=48x24:d=0.3:r=10", Path.Combine(_served.Path, "moving.gif"));
        _served.File("drawing.svg", """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#0a0"/></svg>""");
        _served.File("page.html", "<html><body>not a picture</body></html>");
        _server = await StaticFiles.ServeAsync(_served.Path);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _served.Dispose();
        _work.Dispose();
    }

    private static LessonImages Images(bool allowPrivate = true, long maxBytes = 20L * 1024 * 1024, int timeoutSeconds = 20) =>
        new(Options.Create(new ImageOptions { AllowPrivateAddresses = allowPrivate, MaxBytes = maxBytes, Timeout = TimeSpan.FromSeconds(timeoutSeconds) }));

    [Fact]
    public async Task Png_gif_and_svg_pictures_over_http_are_fetched_ready_to_draw()
    {
        using var images = Images();
        ImageAsset[] assets =
        [
            new("image-1", $"{_server.Url}/red.png", "Red", null),
            new("image-2", $"{_server.Url}/moving.gif", "Blue", null),
            new("image-3", $"{_server.Url}/drawing.svg", "Green", null),
        ];

        var (paths, warnings) = await images.FetchAsync(assets, _work.Path, CancellationToken.None);

        Assert.Empty(warnings);
        var colours = assets.Select(a =>
        {
            using var bitmap = SKBitmap.Decode(paths[a.Id]);
            return bitmap.GetPixel(bitmap.Width / 2, bitmap.Height / 2);
        }).ToList();
        Assert.True(colours[0] is { Red: > 200, Green: < 50 }, colours[0].ToString());
        Assert.True(colours[1] is { Blue: > 200, Red: < 50 }, colours[1].ToString());
        Assert.True(colours[2] is { Green: > 120, Red: < 50 }, colours[2].ToString());
        using var svg = SKBitmap.Decode(paths["image-3"]);
        Assert.Equal((1600, 800), (svg.Width, svg.Height));
    }

    [Fact]
    public async Task A_loopback_address_is_refused_unless_allowed()
    {
        using var images = Images(allowPrivate: false);

        var (paths, warnings) = await images.FetchAsync([new ImageAsset("image-1", $"{_server.Url}/red.png", "Red", null)], _work.Path, CancellationToken.None);

        Assert.Empty(paths);
        Assert.Contains("127.0.0.1 is a private or loopback address", Assert.Single(warnings));
    }

    [Fact]
    public async Task Wrong_type_too_large_missing_unanswered_and_absent_pictures_are_warnings_not_failures()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var images = Images(maxBytes: 100, timeoutSeconds: 1);
        ImageAsset[] assets =
        [
            new("image-1", $"{_server.Url}/page.html", "Page", null),
            new("image-2", $"{_server.Url}/red.png", "Big", null),
            new("image-3", $"{_server.Url}/gone.png", "Gone", null),
            new("image-4", $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/slow.png", "Slow", null),
            new("image-5", Path.Combine(_work.Path, "nowhere.png"), "", null),
        ];

        var (paths, warnings) = await images.FetchAsync(assets, _work.Path, CancellationToken.None);

        Assert.Empty(paths);
        Assert.Collection(
            warnings,
            w => Assert.EndsWith("page.html: text/html is not a PNG, JPEG, WebP, GIF or SVG picture", w),
            w => Assert.Contains("bytes is more than the 100 a picture may have (Images:MaxBytes)", w),
            w => Assert.EndsWith("gone.png: the server answered 404 Not Found", w),
            w => Assert.EndsWith("slow.png: no answer within 1 s", w),
            w => Assert.Equal($"image-5 (nowhere.png) left out: {Path.Combine(_work.Path, "nowhere.png")}: no such file", w));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void Private_loopback_and_link_local_addresses_are_told_from_public_ones(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, LessonImages.IsPrivate(IPAddress.Parse(address)));
}
