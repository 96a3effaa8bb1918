using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Stages;

/// <summary>
/// Where finished videos live, and the record of what each was made from. Storing is atomic: a reader sees the old
/// files or the new ones, never half. The store is the record that outlives Redis: a ledger that lost its data is
/// written again from it, so nothing is made, or paid for, twice.
/// </summary>
public interface ILessonStore
{
    /// <summary>The lesson's video relative to the store's root, or null when it is not in the store.</summary>
    Task<string?> FindVideoAsync(LessonKey lesson, CancellationToken cancellationToken);

    /// <summary>
    /// Those of <paramref name="lessons"/> whose video is in the store, with the record it was stored with, read in
    /// bulk (a listing, not a request per lesson). A video stored before records were kept has none.
    /// </summary>
    Task<IReadOnlyDictionary<LessonKey, StoredVideo>> ListAsync(IReadOnlyCollection<LessonKey> lessons, CancellationToken cancellationToken);

    /// <summary>Moves a rendered video into the store with its record; returns the video's path relative to the store's root.</summary>
    Task<string> StoreAsync(LessonKey lesson, RenderedVideo video, StoredRecord record, CancellationToken cancellationToken);
}

/// <summary>A video in the store: its path relative to the store's root, and what it was made from when that is known.</summary>
public sealed record StoredVideo(string Path, StoredRecord? Record);

/// <summary>What the skip rule needs to know about a stored video without Redis.</summary>
/// <param name="Fingerprint">The lesson's fingerprint it was made from (its texts and every setting).</param>
/// <param name="Version">The lesson's content version, which its paid clips are kept by.</param>
/// <param name="MadeAt">When it was stored.</param>
public sealed record StoredRecord(string Fingerprint, string Version, DateTimeOffset MadeAt);
