namespace VideoGen.Worker.Service;

/// <summary>What the catalog service is doing now, as its health check reports it.</summary>
public sealed class CatalogServiceState
{
    private volatile string _current = "starting";

    public string Current => _current;

    public bool IsRunning => _current is not ("starting" or "stopped");

    public void Set(string state) => _current = state;
}
