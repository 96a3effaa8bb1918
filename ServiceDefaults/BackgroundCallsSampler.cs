using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps database client calls out of the trace list unless they serve something traced: a Redis call made inside a
/// lesson's span stays in that lesson's trace, while one made in the background (a lease renewal, a health probe)
/// would be a trace of its own and is not recorded. Everything else is sampled as usual.
/// </summary>
public sealed class BackgroundCallsSampler : Sampler
{
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);

    public override SamplingResult ShouldSample(in SamplingParameters parameters)
    {
        if (parameters.ParentContext.TraceId == default && parameters.Tags is { } tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key is "db.system" or "db.system.name")
                {
                    return Drop;
                }
            }
        }

        return Keep;
    }
}
