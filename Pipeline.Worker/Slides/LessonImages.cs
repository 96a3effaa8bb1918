using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SkiaSharp;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Media;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Slides;

/// <summary>
/// Gets a lesson's pictures ready for its slides: a file beside the catalog, or a download over http(s) within limits of
/// size, type and time, never from a private or loopback address (checked on every connection, so a redirect cannot
/// lead there either). PNG, JPEG, WebP and GIF (its first frame) are drawn as they are, SVG is rasterised with
/// rsvg-convert. A picture that cannot be had is left out with a warning; it never fails the lesson.
/// </summary>
public sealed class LessonImages(IOptions<ImageOptions> options) : IDisposable
{
    private const int MaxRedirects = 3;
    private static readonly string[] Types = ["image/png", "image/jpeg", "image/webp", "image/gif", "image/svg+xml"];

    private readonly HttpClient _http = CreateClient(options.Value);

    public async Task<(Dictionary<string, string> Paths, List<string> Warnings)> FetchAsync(
        IReadOnlyList<ImageAsset> images, string folder, CancellationToken cancellationToken)
    {
        var paths = new Dictionary<string, string>();
        var warnings = new List<string>();
        foreach (var image in images)
        {
            try
            {
                Directory.CreateDirectory(folder);
                var file = IsWeb(image.Source) ? await DownloadAsync(new Uri(image.Source), Path.Combine(folder, image.Id), cancellationToken) : image.Source;
                paths[image.Id] = await DrawableAsync(file, Path.Combine(folder, $"{image.Id}.png"), cancellationToken);
            }
            catch (Exception ex) when (ex is ImageRefusedException or HttpRequestException or IOException or UnauthorizedAccessException or StageException
                                           or UriFormatException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var reason = ex is TaskCanceledException ? $"no answer within {options.Value.Timeout.TotalSeconds:0} s" : ex.Message;
                warnings.Add($"{image.Id} ({(image.Alt.Length > 0 ? image.Alt : Path.GetFileName(image.Source))}) left out: {image.Source}: {reason}");
            }
        }

        return (paths, warnings);
    }

    public static bool IsWeb(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private async Task<string> DownloadAsync(Uri address, string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        for (var redirects = 0; ; redirects++)
        {
            using var response = await _http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                if (redirects == MaxRedirects)
                {
                    throw new ImageRefusedException($"more than {MaxRedirects} redirects");
                }

                address = new Uri(address, location);
                if (!IsWeb(address.ToString()))
                {
                    throw new ImageRefusedException($"redirected to {address.Scheme}, not http(s)");
                }

                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new ImageRefusedException($"the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var type = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? "";
            if (!Types.Contains(type))
            {
                throw new ImageRefusedException($"{(type.Length == 0 ? "no content type" : type)} is not a PNG, JPEG, WebP, GIF or SVG picture");
            }

            var max = options.Value.MaxBytes;
            if (response.Content.Headers.ContentLength > max)
            {
                throw new ImageRefusedException($"{response.Content.Headers.ContentLength} bytes is more than the {max} a picture may have (Images:MaxBytes)");
            }

            var file = path + (type == "image/svg+xml" ? ".svg" : ".img");
            await using (var body = await response.Content.ReadAsStreamAsync(timeout.Token))
            await using (var output = File.Create(file))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    total += read;
                    if (total > max)
                    {
                        throw new ImageRefusedException($"more than the {max} bytes a picture may have (Images:MaxBytes)");
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
                }
            }

            return file;
        }
    }

    /// <summary>A file Skia can draw: the picture itself, or a PNG rasterised from an SVG.</summary>
    private async Task<string> DrawableAsync(string file, string png, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new ImageRefusedException("no such file");
        }

        if (IsSvg(file))
        {
            var rsvg = ExternalTool.Find("rsvg-convert") ?? throw new ImageRefusedException("an SVG, and rsvg-convert (librsvg2-bin) is not installed to draw it");
            await ExternalTool.RunAsync(rsvg, ["--width", "1600", "--keep-aspect-ratio", "--output", png, file], Path.GetDirectoryName(png)!, options.Value.Timeout, cancellationToken);
            return png;
        }

        if (new FileInfo(file).Length > options.Value.MaxBytes)
        {
            throw new ImageRefusedException($"more than the {options.Value.MaxBytes} bytes a picture may have (Images:MaxBytes)");
        }

        using var stream = File.OpenRead(file);
        using var codec = SKCodec.Create(stream);
        if (codec is null || codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp or SKEncodedImageFormat.Gif))
        {
            throw new ImageRefusedException("not a PNG, JPEG, WebP, GIF or SVG picture");
        }

        if (codec.Info.Width > ImageFiles.MaxSide || codec.Info.Height > ImageFiles.MaxSide)
        {
            throw new ImageRefusedException($"{codec.Info.Width}x{codec.Info.Height} is larger than {ImageFiles.MaxSide} pixels a side");
        }

        return file;
    }

    private static bool IsSvg(string file)
    {
        if (file.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        using var stream = File.OpenRead(file);
        var head = new byte[512];
        var read = stream.Read(head);
        var text = System.Text.Encoding.UTF8.GetString(head, 0, read).TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        return text.StartsWith("<svg", StringComparison.OrdinalIgnoreCase) || (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && text.Contains("<svg", StringComparison.OrdinalIgnoreCase));
    }

    private static HttpClient CreateClient(ImageOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
                var allowed = addresses.Where(a => options.AllowPrivateAddresses || !IsPrivate(a)).ToList();
                if (allowed.Count == 0)
                {
                    throw new ImageRefusedException($"{context.DnsEndPoint.Host} is a private or loopback address");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("VideoGen", "1.0"));
        client.DefaultRequestHeaders.Accept.ParseAdd("image/png, image/jpeg, image/webp, image/gif, image/svg+xml");
        return client;
    }

    /// <summary>Loopback, private (RFC 1918, unique local), link-local (cloud metadata), carrier-grade NAT and unspecified addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254)
               || (b[0] == 100 && b[1] is >= 64 and <= 127) || b[0] >= 224;
    }

    public void Dispose() => _http.Dispose();

    private sealed class ImageRefusedException(string message) : Exception(message);
}
