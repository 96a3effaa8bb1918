using System.Buffers.Binary;

namespace VideoGen.Worker.Media;

/// <summary>A PCM WAV file: its format and its samples, enough to measure and join narration parts.</summary>
public sealed record WavFile(short Channels, int SampleRate, short BitsPerSample, byte[] Data)
{
    public int BlockAlign => Channels * BitsPerSample / 8;

    public TimeSpan Duration => TimeSpan.FromSeconds(Data.Length / (double)(SampleRate * BlockAlign));

    public static WavFile Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <param name="source">Names the data in error messages.</param>
    public static WavFile Parse(byte[] bytes, string source)
    {
        var path = source;
        if (bytes.Length < 12 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException($"{path} is not a WAV file");
        }

        short channels = 0, bits = 0;
        var rate = 0;
        var position = 12;
        while (position + 8 <= bytes.Length)
        {
            var id = bytes.AsSpan(position, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 4, 4));
            var body = position + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (body + 16 > bytes.Length)
                {
                    throw new InvalidDataException($"{path} is cut off in its format chunk");
                }

                var format = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body, 2));
                if (format != 1)
                {
                    throw new InvalidDataException($"{path} is not PCM (format {format})");
                }

                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 2, 2));
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4, 4));
                bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 14, 2));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels == 0)
                {
                    break;
                }

                // Streamed WAVs may carry a placeholder size: the data then runs to the end of the file.
                var length = size < 0 || body + size > bytes.Length ? bytes.Length - body : size;
                return new WavFile(channels, rate, bits, bytes.AsSpan(body, length).ToArray());
            }

            position = body + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no PCM format and data chunks");
    }

    public WavFile Silence(TimeSpan duration) =>
        this with { Data = new byte[(int)(duration.TotalSeconds * SampleRate) * BlockAlign] };

    /// <summary>Joins parts of the same format, one after another.</summary>
    public static WavFile Concat(IReadOnlyList<WavFile> parts)
    {
        var first = parts[0];
        if (parts.Any(p => p.Channels != first.Channels || p.SampleRate != first.SampleRate || p.BitsPerSample != first.BitsPerSample))
        {
            throw new InvalidDataException("WAV parts differ in format");
        }

        return first with { Data = parts.SelectMany(p => p.Data).ToArray() };
    }

    public void Write(string path)
    {
        using var stream = File.Create(path);
        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], 36 + Data.Length);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], Channels);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], SampleRate * BlockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], (short)BlockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], BitsPerSample);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], Data.Length);
        stream.Write(header);
        stream.Write(Data);
    }
}
