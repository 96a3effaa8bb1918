using System.Diagnostics;

namespace VideoGen.Tests.Support;

/// <summary>Runs a command-line tool (ffmpeg, tesseract) the way a person would check the worker's output.</summary>
public static class Tool
{
    /// <summary>Runs it to the end and returns what it printed; a non-zero exit fails the test with its error output.</summary>
    public static async Task<(string Output, string Error)> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };

        // tesseract's threads only contend with the other tests' work on a small machine: one is twice as fast here.
        start.Environment["OMP_THREAD_LIMIT"] = "1";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await error}");
        return (await output, await error);
    }
}
