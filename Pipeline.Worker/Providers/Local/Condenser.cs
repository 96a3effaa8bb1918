using VideoGen.Worker.Text;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// Extractive summary: scores each sentence by how often its content words occur in the whole text and keeps
/// the best-scoring sentences, in their original order, until the word budget is spent. The opening sentence
/// is preferred because lessons usually state their subject first.
/// </summary>
public static class Condenser
{
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "about", "after", "also", "because", "before", "being", "between", "both", "could", "does", "each", "even",
        "every", "from", "have", "here", "into", "just", "like", "make", "many", "more", "most", "much", "must",
        "only", "other", "over", "same", "should", "some", "such", "than", "that", "their", "them", "then", "there",
        "these", "they", "this", "those", "through", "very", "what", "when", "where", "which", "while", "will",
        "with", "would", "your", "you're", "it's",
    };

    /// <summary>Which sentences to keep, in order; at least the first, even when it alone is over budget (the caller cuts it).</summary>
    public static IReadOnlyList<int> Keep(IReadOnlyList<string> sentences, int wordBudget)
    {
        var lengths = sentences.Select(Sentences.CountWords).ToArray();
        if (lengths.Sum() <= wordBudget)
        {
            return Enumerable.Range(0, sentences.Count).ToList();
        }

        var frequency = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var contentWords = sentences.Select(s => ContentWords(s).ToList()).ToList();
        foreach (var word in contentWords.SelectMany(w => w))
        {
            frequency[word] = frequency.GetValueOrDefault(word) + 1;
        }

        var ranked = Enumerable.Range(0, sentences.Count)
            .Select(i => (Index: i, Score: Score(contentWords[i], lengths[i], frequency) + (i == 0 ? 1_000_000 : 0)))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Index);

        var kept = new SortedSet<int>();
        var used = 0;
        foreach (var (index, _) in ranked)
        {
            if (used + lengths[index] <= wordBudget)
            {
                kept.Add(index);
                used += lengths[index];
            }
        }

        return kept.Count == 0 ? [0] : kept.ToList();
    }

    private static double Score(List<string> words, int length, Dictionary<string, int> frequency) =>
        length == 0 ? 0 : words.Sum(w => frequency[w]) / Math.Sqrt(length);

    private static IEnumerable<string> ContentWords(string sentence) =>
        sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '[', ']').ToLowerInvariant())
            .Where(w => w.Length > 3 && !StopWords.Contains(w));
}
