using System.ComponentModel;
using System.Diagnostics;
using CliWrap.Buffered;
using CliWrap;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Media;

/// <summary>Runs a command-line tool (ffmpeg, ffprobe, espeak-ng) with a time limit and a span of its own.</summary>
public static class ExternalTool
{
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs the tool and returns its standard output; a failure becomes a <see cref="StageException"/>.</summary>
    /// <param name="input">Writes the tool's standard input, such as raw frames for ffmpeg to encode.</param>
    public static async Task<string> RunAsync(
        string tool, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken,
        Func<Stream, CancellationToken, Task>? input = null) =>
        (await RunBufferedAsync(tool, arguments, workingDirectory, timeout, cancellationToken, input)).StandardOutput;

    /// <summary>Runs the tool and returns what it wrote to standard error, where ffmpeg's filters report what they detect.</summary>
    public static async Task<string> RunForErrorOutputAsync(
        string tool, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken) =>
        (await RunBufferedAsync(tool, arguments, workingDirectory, timeout, cancellationToken)).StandardError;

    /// <summary>Runs the tool and returns its exit code and what it wrote to standard error, failed or not: for tools whose failure is an answer.</summary>
    public static async Task<(int ExitCode, string StandardError)> RunUncheckedAsync(
        string tool, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await RunBufferedAsync(tool, arguments, workingDirectory, timeout, cancellationToken, check: false);
        return (result.ExitCode, result.StandardError);
    }

    private static async Task<BufferedCommandResult> RunBufferedAsync(
        string tool, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken,
        Func<Stream, CancellationToken, Task>? input = null, bool check = true)
    {
        using var activity = PipelineTelemetry.Source.StartActivity(tool);
        activity?.SetTag("process.executable.name", tool);
        activity?.SetTag("process.command_args", string.Join(' ', arguments));

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var result = await Cli.Wrap(tool)
                .WithArguments(arguments)
                .WithWorkingDirectory(workingDirectory)
                .WithValidation(CommandResultValidation.None)
                .WithStandardInputPipe(input is null ? PipeSource.Null : PipeSource.Create(input))
                .ExecuteBufferedAsync(timeoutSource.Token);
            activity?.SetTag("process.exit.code", result.ExitCode);
            if (result.ExitCode != 0 && check && result.StandardError.Contains(TransientFailure.DiskFullText, StringComparison.OrdinalIgnoreCase))
            {
                var writing = arguments.Count > 0 && Path.IsPathRooted(arguments[^1]) ? arguments[^1] : workingDirectory;
                var full = $"{tool} found no space left on device writing {writing}: {LastLines(result.StandardError)}";
                activity?.SetStatus(ActivityStatusCode.Error, full);
                throw StageException.Transient(full, reason: "disk_full");
            }

            if (result.ExitCode != 0 && check)
            {
                var message = $"{tool} failed with exit code {result.ExitCode}: {LastLines(result.StandardError)}";
                activity?.SetStatus(ActivityStatusCode.Error, message);
                throw StageException.Permanent(message);
            }

            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "timed out");
            throw StageException.Transient($"{tool} did not finish within {timeout.TotalSeconds:0} s", reason: "timeout");
        }
        catch (Win32Exception ex)
        {
            throw StageException.Permanent($"{tool} could not be started ({ex.Message}); is it installed?", ex);
        }
    }

    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no error output)" : string.Join(" | ", lines.TakeLast(3));
    }
}
