namespace VideoGen.Worker.Providers;

/// <summary>
/// A stage could not do its work for one lesson. <see cref="IsTransient"/> says whether trying again can help
/// (a timeout, a busy or failing service) or not (bad input, a refused request).
/// </summary>
public sealed class StageException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;

    public static StageException Permanent(string message, Exception? inner = null) => new(message, false, inner);

    public static StageException Transient(string message, Exception? inner = null) => new(message, true, inner);
}
