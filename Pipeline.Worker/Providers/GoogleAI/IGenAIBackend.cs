using System.Net;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Where the same Gemini, Gemini TTS and Veo calls go, and how their answers differ: Vertex AI (a Google Cloud project,
/// OAuth) or the Gemini Developer API (an API key). As in Google's own SDKs, everything else is shared.
/// </summary>
public interface IGenAIBackend
{
    /// <summary>For messages: "Vertex AI" or "the Gemini API".</summary>
    string Name { get; }

    /// <summary>The URI of a model's method, such as <c>generateContent</c> or <c>predictLongRunning</c>.</summary>
    Uri ModelUri(string model, string location, string method);

    /// <summary>The Veo request as this backend takes it (the Gemini API knows neither <c>generateAudio</c> nor <c>storageUri</c>).</summary>
    PredictLongRunningRequest VideoRequest(PredictLongRunningRequest request);

    /// <summary>Whether an operation (kept in the ledger) was started through this backend, so it can read it.</summary>
    bool Owns(string operationName);

    /// <summary>The request that reads a Veo operation.</summary>
    HttpRequestMessage OperationRequest(string model, string location, string operationName);

    /// <summary>A Veo operation's answer in the shape both backends share.</summary>
    VideoOperation ReadOperation(OperationAnswer answer);

    /// <summary>The setting a model id came from, so a message can say what to change.</summary>
    string SettingOf(string model);

    /// <summary>Whether a refusal is of the credentials themselves (a bad key or token), not of one request.</summary>
    bool RefusesCredentials(HttpStatusCode status, GoogleError? error);

    /// <summary>Where to put credentials the backend refused, for the message that stops the run.</summary>
    string CredentialsHint { get; }
}
