using System.Diagnostics;

namespace VideoGen.Tests.Support;

public sealed record WorkerResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real worker program as its own process, the way a user or the AppHost does.</summary>
public static class WorkerProcess
{
    private static readonly string WorkerDll = Path.Combine(AppContext.BaseDirectory, "Pipeline.Worker.dll");

    public static Task<WorkerResult> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(workingDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>Runs the worker with some environment variables of its own.</summary>
    public static async Task<WorkerResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = StartInfo(workingDirectory, arguments);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the worker did not finish: {await output}");
        }

        return new WorkerResult(process.ExitCode, await output, await error);
    }

    /// <summary>Starts the worker and leaves it running; its output is read and dropped.</summary>
    public static Process Start(string workingDirectory, params string[] arguments)
    {
        var process = Process.Start(StartInfo(workingDirectory, arguments))!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Starts the worker and leaves it running; each line it writes goes to <paramref name="lines"/>.</summary>
    public static Process Start(string workingDirectory, System.Collections.Concurrent.ConcurrentQueue<string> lines, params string[] arguments)
    {
        var process = new Process { StartInfo = StartInfo(workingDirectory, arguments) };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Keep(string? line)
        {
            if (line is not null)
            {
                lines.Enqueue(line);
            }
        }
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [WorkerDll, .. arguments])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Fast retries keep failure tests quick; they do not change what is retried.
        start.Environment["Pipeline__RetryBaseDelay"] = "00:00:00.050";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        // A developer's own key must not reach the emulator, nor make a test of a missing key pass.
        start.Environment.Remove("GEMINI_API_KEY");
        start.Environment.Remove("GOOGLE_API_KEY");
        return start;
    }
}
