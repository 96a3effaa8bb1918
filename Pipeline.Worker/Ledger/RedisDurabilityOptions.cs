namespace VideoGen.Worker.Ledger;

/// <summary>What the worker asks of the Redis that holds its ledger.</summary>
public sealed class RedisDurabilityOptions
{
    public const string Section = "Ledger";

    /// <summary>
    /// Run on a Redis that may evict any key when it is full (an <c>allkeys-*</c> <c>maxmemory-policy</c>). The ledger
    /// holds the names of Veo operations already paid for: one evicted is a clip paid again. Off: such a Redis is refused.
    /// </summary>
    public bool AllowVolatileRedis { get; set; }
}
