namespace VideoGen.Worker.Providers.GpuJobs;

/// <summary>A GPU job gave no usable output, and waiting or submitting it again will not give one: the caller falls back.</summary>
public class GpuJobFailedException(string message, Exception? inner = null) : Exception(message, inner);
