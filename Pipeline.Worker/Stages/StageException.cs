namespace VideoGen.Worker.Stages;

/// <summary>
/// A stage could not do its work for one lesson. <see cref="IsTransient"/> says whether trying again can help
/// (a timeout, a busy or failing service) or not (bad input, a refused request).
/// </summary>
/// <param name="reason">A short name for the kind of failure, such as <c>timeout</c>, used in metrics.</param>
public sealed class StageException(string message, bool isTransient, Exception? inner = null, string? reason = null)
    : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;

    public string Reason { get; } = reason ?? (isTransient ? "transient" : "permanent");

    public static StageException Permanent(string message, Exception? inner = null) => new(message, false, inner);

    public static StageException Transient(string message, Exception? inner = null, string? reason = null) =>
        new(message, true, inner, reason);
}
