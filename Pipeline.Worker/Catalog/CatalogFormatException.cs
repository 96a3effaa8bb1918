namespace VideoGen.Worker.Catalog;

/// <summary>The catalog file as a whole cannot be used; the message names the file, line and field.</summary>
public sealed class CatalogFormatException(string message, Exception? inner = null) : Exception(message, inner);
