using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VideoGen.VertexEmulator;

/// <summary>
/// Gemini as a reviewer: writing a quiz from a lesson (a request whose schema asks for <c>questions</c>), and watching a
/// video (a request with a <c>video/*</c> part) to judge it and answer that quiz. The video must be what Gemini would
/// accept: a real MP4 inline within the request size limit, or a <c>gs://</c> object that exists. It answers the quiz
/// right and finds no problem unless a test scripts otherwise, and counts tokens by the video's length as Gemini does.
/// </summary>
internal static partial class Reviews
{
    // Gemini's inline limit is on the whole request; base64 is what makes a video cross it.
    private const int MaxRequestBytes = 20 * 1024 * 1024;

    // Frames sampled once a second at the default media resolution, and the sound.
    private const int TokensPerVideoSecond = 258 + 32;

    private static readonly string[] Decoys =
    [
        "Nothing of the kind is explained.",
        "The opposite of what the lesson says.",
        "It is left for a later lesson.",
        "Only the course title is shown.",
    ];

    [GeneratedRegex(@"Write (\d+) multiple-choice")]
    private static partial Regex QuestionCount();

    [GeneratedRegex(@"^\d+\. (.+)$", RegexOptions.Multiline)]
    private static partial Regex QuestionLine();

    [GeneratedRegex(@"(?<=[.!?。])\s*")]
    private static partial Regex SentenceEnd();

    public static bool IsWatch(JsonObject body) => VideoPart(body) is not null;

    public static bool IsQuiz(JsonObject body) => body["generationConfig"]?["responseSchema"]?["properties"]?["questions"] is not null;

    private static JsonNode? VideoPart(JsonObject body) =>
        (body["contents"] as JsonArray ?? [])
            .SelectMany(c => c?["parts"] as JsonArray ?? [])
            .FirstOrDefault(p => (p?["inlineData"] ?? p?["fileData"])?["mimeType"]?.GetValue<string>()?.StartsWith("video/", StringComparison.Ordinal) == true);

    /// <summary>Questions whose right option is the lesson's own sentence, placed where the question's hash says.</summary>
    public static IResult Quiz(string prompt, string instruction, EmulatorState state)
    {
        var title = Regex.Match(prompt, @"Lesson title:\s*(.+)").Groups[1].Value.Trim();
        var start = prompt.IndexOf("Lesson text:", StringComparison.Ordinal);
        var sentences = SentenceEnd().Split(start >= 0 ? prompt[(start + "Lesson text:".Length)..].Trim() : prompt)
            .Where(s => s.Length > 0).ToList();
        var count = int.TryParse(QuestionCount().Match(instruction).Groups[1].Value, out var n) ? n : 3;
        var questions = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var question = $"What does the lesson \"{title}\" say ({i + 1})?";
            var answer = (int)((uint)StringComparer.Ordinal.GetHashCode(question) % 4);
            var options = Decoys.Take(3).ToList();
            var sentence = sentences.Count > 0 ? sentences[i % sentences.Count] : title;
            options.Insert(answer, sentence.Length > 90 ? sentence[..90] : sentence);
            state.QuizAnswers[question] = answer;
            questions.Add(new JsonObject { ["question"] = question, ["options"] = new JsonArray([.. options.Select(o => (JsonNode)o)]), ["answer"] = answer });
        }

        var quiz = new JsonObject { ["summary"] = $"This lesson teaches {title}.", ["questions"] = questions };
        return Handlers.Candidate(new JsonObject { ["text"] = quiz.ToJsonString() }, prompt.Length / 4, 400);
    }

    /// <summary>A verdict on the video in the request, after checking the video is one Gemini could watch.</summary>
    public static IResult Watch(JsonObject body, string prompt, EmulatorState state)
    {
        var part = VideoPart(body)!;
        byte[] video;
        if (part["inlineData"] is { } inline)
        {
            var data = inline["data"]?.GetValue<string>() ?? "";
            if (data.Length + prompt.Length > MaxRequestBytes)
            {
                return Google.Error(400, "INVALID_ARGUMENT", $"Request payload size exceeds the limit: {MaxRequestBytes} bytes.");
            }

            try
            {
                video = Convert.FromBase64String(data);
            }
            catch (FormatException)
            {
                return Google.Error(400, "INVALID_ARGUMENT", "Invalid value at 'contents[0].parts[0].inline_data.data' (TYPE_BYTES), Base64 decoding failed.");
            }
        }
        else
        {
            var uri = part["fileData"]?["fileUri"]?.GetValue<string>() ?? "";
            if (state.StoredObject(uri) is not { } stored)
            {
                return Google.Error(400, "INVALID_ARGUMENT", $"Cannot fetch content from the provided URL {uri}: the object does not exist or the service agent may not read it.");
            }

            video = stored;
        }

        if (Mp4Seconds(video) is not { } seconds)
        {
            return Google.Error(400, "INVALID_ARGUMENT", "The video could not be processed: it is not a valid MP4 file.");
        }

        state.ReviewedVideos.Add(part["inlineData"] is not null ? "inline" : part["fileData"]!["fileUri"]!.GetValue<string>());
        if (state.Take("malformedReviews"))
        {
            return Handlers.Candidate(new JsonObject { ["text"] = "{\"teachesTheLesson\": tru" }, 500, 10);
        }

        var scripted = state.Faults.ReviewProblems.Where(p => prompt.Contains(p.Key, StringComparison.Ordinal)).ToList();
        var problems = new JsonArray();
        foreach (var (subject, problem) in scripted)
        {
            if (state.Faults.ReviewProblemsEveryTime || state.FirstReviewOf(subject))
            {
                problems.Add(new JsonObject { ["scene"] = problem.Scene, ["problem"] = problem.Problem });
            }
        }

        var wrong = state.Faults.WrongQuizAnswers.Any(subject => prompt.Contains(subject, StringComparison.Ordinal));
        var answers = new JsonArray();
        foreach (Match question in QuestionLine().Matches(prompt))
        {
            var right = state.QuizAnswers.TryGetValue(question.Groups[1].Value.Trim(), out var a) ? a : 0;
            answers.Add(wrong ? (right + 1) % 4 : right);
        }

        var verdict = new JsonObject
        {
            ["teachesTheLesson"] = problems.Count == 0,
            ["garbledText"] = false,
            ["pictureMatchesNarration"] = problems.Count == 0,
            ["problems"] = problems,
            ["answers"] = answers,
        };
        return Handlers.Candidate(new JsonObject { ["text"] = verdict.ToJsonString() }, (int)Math.Ceiling(seconds) * TokensPerVideoSecond + prompt.Length / 4, 200);
    }

    /// <summary>The length an MP4's <c>mvhd</c> box gives, or null when the bytes are not an MP4.</summary>
    internal static double? Mp4Seconds(byte[] video)
    {
        if (video.Length < 16 || Encoding.ASCII.GetString(video, 4, 4) != "ftyp")
        {
            return null;
        }

        var at = video.AsSpan().IndexOf("mvhd"u8);
        if (at < 4 || at + 36 > video.Length)
        {
            return null;
        }

        var box = video.AsSpan(at + 4);
        return box[0] == 1
            ? BinaryPrimitives.ReadUInt64BigEndian(box[24..]) / (double)BinaryPrimitives.ReadUInt32BigEndian(box[20..])
            : BinaryPrimitives.ReadUInt32BigEndian(box[16..]) / (double)BinaryPrimitives.ReadUInt32BigEndian(box[12..]);
    }
}
