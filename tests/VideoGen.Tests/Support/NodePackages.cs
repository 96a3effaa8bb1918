using System.Diagnostics;

namespace VideoGen.Tests.Support;

/// <summary>The Node.js tools some tests drive, each pinned in its own folder under <c>tests/</c>.</summary>
public static class NodePackages
{
    // Fixtures of several test classes may ask at once; npm must not install into one folder twice at a time.
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>The folder <c>tests/&lt;name&gt;</c>, after <c>npm ci</c> when <paramref name="installed"/> (a path in it) is missing.</summary>
    public static async Task<string> EnsureInstalledAsync(string name, string installed)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", name);
        await Installing.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(folder, installed)) && !Directory.Exists(Path.Combine(folder, installed)))
            {
                var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder);
                Assert.True(install.ExitCode == 0, $"npm ci in tests/{name} failed: {install.Output}");
            }
        }
        finally
        {
            Installing.Release();
        }

        return folder;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, string[] arguments, string folder)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output + await error);
    }

    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "VideoGen.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("VideoGen.sln not found above the test folder");
    }
}
