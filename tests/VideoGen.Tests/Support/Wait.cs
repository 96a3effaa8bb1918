using Xunit.Sdk;

namespace VideoGen.Tests.Support;

/// <summary>Waits for a condition, and fails the test saying what it waited for when the time runs out.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, int pollMilliseconds = 50)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new XunitException($"Waited {timeout.TotalSeconds:0} s for {what}, in vain.");
            }

            await Task.Delay(pollMilliseconds);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, int pollMilliseconds = 50) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, pollMilliseconds);
}
