namespace VideoGen.Worker.Stages;

/// <summary>
/// A service refused the run's own settings, not one lesson: an API key or token it does not accept, a model id it
/// does not serve. Every other lesson would fail the same way, so the run stops at the first one with this message,
/// which names the setting to change.
/// </summary>
public sealed class SettingsRefusedException(string message, Exception? inner = null) : Exception(message, inner);
