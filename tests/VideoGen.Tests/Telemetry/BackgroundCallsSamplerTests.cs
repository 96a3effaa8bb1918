using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace VideoGen.Tests.Telemetry;

/// <summary>The trace list shows lessons, not the Redis calls made in the background between them.</summary>
public sealed class BackgroundCallsSamplerTests
{
    [Fact]
    public void A_redis_call_is_kept_inside_a_lesson_and_dropped_on_its_own()
    {
        using var source = new ActivitySource("VideoGen.SamplerTest." + Guid.NewGuid().ToString("N"));
        var spans = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder()
            .SetSampler(new ParentBasedSampler(new BackgroundCallsSampler()))
            .AddSource(source.Name)
            .AddInMemoryExporter(spans)
            .Build())
        {
            var redis = new[] { new KeyValuePair<string, object?>("db.system", "redis") };
            using (source.StartActivity("EVAL", ActivityKind.Client, default(ActivityContext), redis))
            {
            }

            using (var lesson = source.StartActivity("lesson"))
            {
                using (source.StartActivity("HSET", ActivityKind.Client, lesson!.Context, redis))
                {
                }
            }
        }

        Assert.Equal(["HSET", "lesson"], spans.Select(s => s.DisplayName).Order());
    }
}
