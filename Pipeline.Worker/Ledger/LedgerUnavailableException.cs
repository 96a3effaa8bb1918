namespace VideoGen.Worker.Ledger;

public sealed class LedgerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
