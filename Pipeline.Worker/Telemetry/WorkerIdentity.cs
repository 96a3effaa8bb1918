namespace VideoGen.Worker.Telemetry;

/// <summary>Who this worker is, as reports, metrics and the shared Redis state name it.</summary>
public sealed class WorkerIdentity
{
    /// <summary>Host and process, as a person looks for it: <c>host:pid</c>.</summary>
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The name made unique, for keys a restarted process on the same host must not share with the old one.</summary>
    public string Unique { get; }

    public WorkerIdentity() => Unique = $"{Name}:{Guid.NewGuid().ToString("N")[..8]}";
}
