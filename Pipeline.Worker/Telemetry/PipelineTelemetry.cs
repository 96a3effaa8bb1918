using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VideoGen.Worker.Telemetry;

/// <summary>The pipeline's one ActivitySource and one Meter, and the instruments on it.</summary>
public sealed class PipelineTelemetry
{
    public const string Name = "VideoGen.Pipeline";

    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _lessonsFinished;
    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _retries;

    public PipelineTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _lessonsFinished = meter.CreateCounter<long>(
            "videogen.lessons.finished", "{lesson}", "Lessons finished, by outcome (succeeded, skipped, failed).");
        _stageDuration = meter.CreateHistogram<double>(
            "videogen.stage.duration", "s", "Time one lesson spent in one stage, retries included.");
        _retries = meter.CreateCounter<long>(
            "videogen.stage.retries", "{retry}", "Stage attempts repeated after a transient failure.");
    }

    public void LessonFinished(string outcome, string courseId) =>
        _lessonsFinished.Add(1, new("outcome", outcome), new("videogen.course.id", courseId));

    public void StageFinished(string stage, TimeSpan duration, bool succeeded) =>
        _stageDuration.Record(duration.TotalSeconds, new("stage", stage), new("outcome", succeeded ? "succeeded" : "failed"));

    public void StageRetried(string stage) => _retries.Add(1, new KeyValuePair<string, object?>("stage", stage));

    /// <summary>Starts a lesson's span as the root of its own trace, whatever span the caller is in.</summary>
    public static Activity? StartLesson(string courseId, string lessonId, string provider)
    {
        var caller = Activity.Current;
        Activity.Current = null;
        try
        {
            var activity = Source.StartActivity("lesson", ActivityKind.Internal);
            activity?.SetTag("videogen.course.id", courseId);
            activity?.SetTag("videogen.lesson.id", lessonId);
            activity?.SetTag("videogen.provider", provider);
            activity?.DisplayName = $"lesson {courseId}/{lessonId}";
            return activity;
        }
        finally
        {
            Activity.Current = caller;
        }
    }
}
