using System.Text.Json.Nodes;

namespace VideoGen.VertexEmulator;

/// <summary>
/// Gemini's image models (<c>generateContent</c> with the IMAGE modality), on both surfaces: a 16:9 PNG made from the
/// prompt, or the answers real services give instead of one, as scripted: a text-only answer, a finish reason such as
/// <c>IMAGE_SAFETY</c>, or image bytes that are no picture.
/// </summary>
internal static class Images
{
    /// <summary>The picture's size at 16:9, as Gemini 2.5 Flash Image answers it.</summary>
    public const int Width = 1344, Height = 768;

    /// <summary>What every emulated illustration is filled with, so that a test can find it in a frame.</summary>
    public const string FillColor = "0xC8348C";

    private static readonly string[] AspectRatios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];

    public static bool IsImage(JsonObject body) =>
        body["generationConfig"]?["responseModalities"] is JsonArray modalities &&
        modalities.Any(m => string.Equals(m?.GetValue<string>(), "IMAGE", StringComparison.OrdinalIgnoreCase));

    public static async Task<IResult> AnswerAsync(JsonObject body, string prompt, EmulatorState state)
    {
        var aspect = body["generationConfig"]?["imageConfig"]?["aspectRatio"]?.GetValue<string>();
        if (aspect is not null && !AspectRatios.Contains(aspect))
        {
            return Google.Error(400, "INVALID_ARGUMENT", $"Unsupported aspect ratio: {aspect}.");
        }

        state.ImagePrompts.Add(prompt);
        var answer = state.NextImageAnswer();
        return answer switch
        {
            "text" => Handlers.Candidate(new JsonObject { ["text"] = "Here is a description of the picture instead of the picture." }),
            "malformed" => Image("image/png", Convert.ToBase64String("not a picture at all"u8.ToArray())),
            { } reason => Results.Json(new JsonObject
            {
                ["candidates"] = new JsonArray(new JsonObject { ["finishReason"] = reason }),
                ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = 40, ["totalTokenCount"] = 40 },
            }),
            null => Image("image/png", Convert.ToBase64String(await MediaFactory.PictureAsync(Width, Height, FillColor))),
        };
    }

    private static IResult Image(string mimeType, string data) => Results.Json(new JsonObject
    {
        ["candidates"] = new JsonArray(new JsonObject
        {
            ["content"] = new JsonObject
            {
                ["role"] = "model",
                ["parts"] = new JsonArray(new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = mimeType, ["data"] = data } }),
            },
            ["finishReason"] = "STOP",
        }),
        // What Google bills an image by: 1,290 output tokens.
        ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = 40, ["candidatesTokenCount"] = 1290, ["totalTokenCount"] = 1330 },
    });
}
