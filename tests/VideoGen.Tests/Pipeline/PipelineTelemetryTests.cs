using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using VideoGen.Tests.Support;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Tests.Pipeline;

public sealed class PipelineTelemetryTests
{
    private const string Course = "telemetry-course";

    [Fact]
    public async Task Each_lesson_is_a_root_span_with_one_child_per_stage_and_stage_durations_are_measured()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(PipelineTelemetry.Name)
            .AddInMemoryExporter(spans)
            .Build();

        var meterFactory = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var meter = meterFactory.Create(PipelineTelemetry.Name);
        var durations = new List<(string Stage, double Seconds)>();
        var counts = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            lock (durations)
            {
                durations.Add(((string)tags.ToArray().Single(t => t.Key == "stage").Value!, value));
            }
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (counts)
            {
                counts.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        });
        listener.Start();

        var narrations = 0;
        var stages = new FakeStages
        {
            OnRender = (id, _) => id == "bad" ? throw StageException.Permanent("no") : Task.Delay(80),
            OnNarrate = _ => Interlocked.Increment(ref narrations) == 1 ? throw new TimeoutException("slow") : Task.CompletedTask,
        };
        var pipeline = stages.CreatePipeline(new PipelineOptions { RetryBaseDelay = TimeSpan.Zero }, meterFactory);
        await pipeline.RunAsync(stages.Claimed(Course, "good", "bad"), stages.WorkFolders, _ => Task.CompletedTask, CancellationToken.None, CancellationToken.None);
        // Other tests use the same source at the same time: stop collecting before reading what was collected.
        tracing.Dispose();

        var lessons = spans.Where(s => s.OperationName == "lesson" && (string?)s.GetTagItem("videogen.course.id") == Course).ToList();
        Assert.Equal(2, lessons.Count);
        Assert.All(lessons, l => Assert.Null(l.Parent));
        Assert.All(lessons, l => Assert.Equal(default, l.ParentSpanId));

        var good = lessons.Single(l => (string?)l.GetTagItem("videogen.lesson.id") == "good");
        var goodStages = spans.Where(s => s.ParentSpanId == good.SpanId).Select(s => s.OperationName).ToList();
        Assert.Equal(["enhance", "narrate", "render", "store"], goodStages);
        Assert.Equal(3, lessons.Sum(l => (int)l.GetTagItem("videogen.attempts")!)); // one retry between them
        Assert.Equal(ActivityStatusCode.Unset, good.Status);

        var bad = lessons.Single(l => (string?)l.GetTagItem("videogen.lesson.id") == "bad");
        Assert.Equal(ActivityStatusCode.Error, bad.Status);
        var failedRender = spans.Single(s => s.ParentSpanId == bad.SpanId && s.OperationName == "render");
        Assert.Equal(ActivityStatusCode.Error, failedRender.Status);
        Assert.Contains(failedRender.Events, e => e.Name == "exception");
        Assert.DoesNotContain(spans, s => s.ParentSpanId == bad.SpanId && s.OperationName == "store");

        Assert.Equal(2, durations.Count(d => d.Stage == "render"));
        Assert.Equal(1, durations.Count(d => d.Stage == "store"));
        // The good render waited 80 ms, and its recorded duration says so.
        Assert.Contains(durations, d => d.Stage == "render" && d.Seconds >= 0.07);

        var retry = Assert.Single(counts, c => c.Instrument == "videogen.stage.retries");
        Assert.Equal("narrate", retry.Tags["stage"]);
        Assert.Equal("timeout", retry.Tags["reason"]);
        foreach (var stage in new[] { "enhance", "narrate", "render", "store" })
        {
            var active = counts.Where(c => c.Instrument == "videogen.stage.active" && (string?)c.Tags["stage"] == stage).ToList();
            Assert.NotEmpty(active);
            Assert.Equal(0, active.Sum(c => c.Value));
        }
    }
    [Fact]
    public async Task Footage_made_beside_the_spine_has_its_own_span_under_the_lesson_overlapping_narration()
    {
        const string course = "footage-course";
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(PipelineTelemetry.Name)
            .AddInMemoryExporter(spans)
            .Build();
        var stages = new FakeStages
        {
            MaxWaitingLessons = 2,
            OnFootage = (_, ct) => Task.Delay(150, ct),
            OnNarrate = _ => Task.Delay(100),
        };

        await stages.CreatePipeline(new PipelineOptions()).RunAsync(
            stages.Claimed(course, "clip"), stages.WorkFolders, _ => Task.CompletedTask, CancellationToken.None, CancellationToken.None);
        tracing.Dispose();

        var lesson = spans.Single(s => s.OperationName == "lesson" && (string?)s.GetTagItem("videogen.course.id") == course);
        var children = spans.Where(s => s.ParentSpanId == lesson.SpanId).ToDictionary(s => s.OperationName);
        Assert.Equal(["enhance", "footage", "narrate", "render", "store"], children.Keys.Order());
        var footage = children["footage"];
        var narrate = children["narrate"];
        Assert.True(footage.StartTimeUtc <= narrate.StartTimeUtc, "the footage starts before narration");
        Assert.True(footage.StartTimeUtc + footage.Duration > narrate.StartTimeUtc, "and runs while the lesson is narrated");
    }
}
