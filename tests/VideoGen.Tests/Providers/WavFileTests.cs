using System.Buffers.Binary;
using VideoGen.Worker.Media;

namespace VideoGen.Tests.Providers;

/// <summary>
/// A WAV file cut off anywhere, as espeak-ng leaves one on a full disk, is refused as not a WAV file, naming it,
/// and never read as something else or failing with an index error that would hide the cause.
/// </summary>
public sealed class WavFileTests
{
    [Fact]
    public void A_whole_file_reads_its_format_and_samples()
    {
        var wav = WavFile.Parse(Whole(samples: 100), "whole.wav");

        Assert.Equal(1, wav.Channels);
        Assert.Equal(22050, wav.SampleRate);
        Assert.Equal(200, wav.Data.Length);
    }

    [Fact]
    public void A_file_cut_off_before_its_samples_is_refused_with_its_name_at_every_length()
    {
        var whole = Whole(samples: 100);
        for (var length = 0; length < 44; length++)
        {
            var error = Assert.Throws<InvalidDataException>(() => WavFile.Parse(whole[..length], "speech0.wav"));
            Assert.Contains("speech0.wav", error.Message);
        }
    }

    private static byte[] Whole(int samples)
    {
        var bytes = new byte[44 + samples * 2];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), 22050);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), 44100);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(34), 16);
        "data"u8.CopyTo(bytes.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(40), samples * 2);
        return bytes;
    }
}
