using System.Net;
using Polly.Timeout;
using StackExchange.Redis;

namespace VideoGen.Worker.Stages;

/// <summary>Decides which failures are worth another attempt: only those that can go away by themselves.</summary>
public static class TransientFailure
{
    public static bool Is(Exception exception) => exception switch
    {
        StageException stage => stage.IsTransient,
        TimeoutException or TimeoutRejectedException => true,
        HttpRequestException http => http.StatusCode is null or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError,
        RedisConnectionException or RedisTimeoutException => true,
        // A full disk can be mended, and the lesson made by the next run: it is not the lesson's fault.
        IOException io => IsDiskFull(io),
        Azure.RequestFailedException storage => storage.Status is 0 or 408 or 429 or >= 500,
        // Azure's clients give up on their retries with every attempt's failure.
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(Is),
        _ => false,
    };

    /// <summary>Whether the failure is a full disk (ENOSPC; on Windows, ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL).</summary>
    public static bool IsDiskFull(Exception exception) =>
        exception is IOException io && (OperatingSystem.IsWindows() ? (io.HResult & 0xFFFF) is 0x70 or 0x27 : io.HResult == DiskFullErrno)
        || exception.Message.Contains(DiskFullText, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the disk that holds <paramref name="folder"/> has next to no space left. Tools that meet a full disk do
    /// not all say so (espeak-ng writes a cut-off WAV file and exits 0), so a failure while it is full is taken for one.
    /// </summary>
    public static bool IsOutOfSpace(string folder)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace < MinimumFreeBytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    private const long MinimumFreeBytes = 1 << 20;

    /// <summary>What a full disk says, in .NET's messages and in ffmpeg's and espeak-ng's.</summary>
    public const string DiskFullText = "No space left on device";

    // ENOSPC: .NET gives an I/O error it has no type for the errno as its HResult.
    private const int DiskFullErrno = 28;

    /// <summary>A short, low-cardinality name for why an attempt failed, for metrics.</summary>
    public static string Reason(Exception exception) => exception switch
    {
        StageException stage => stage.Reason,
        IOException io when IsDiskFull(io) => "disk_full",
        TimeoutException or TimeoutRejectedException or RedisTimeoutException => "timeout",
        HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } => "rate_limited",
        HttpRequestException { StatusCode: >= HttpStatusCode.InternalServerError } => "server_error",
        HttpRequestException or RedisConnectionException => "connection",
        _ => "transient",
    };
}
