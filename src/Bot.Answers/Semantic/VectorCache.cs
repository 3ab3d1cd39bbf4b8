using System.Security.Cryptography;
using System.Text;

namespace Bot.Answers.Semantic;

/// <summary>
/// Vectors of a fixed list of texts (question phrasings, claims, the safety example bank), computed once
/// and kept in a file named by the model and the texts' hash, so a restart with the same knowledge and
/// model reads them instead of running the model again. A missing, stale or damaged file is recomputed;
/// a folder that cannot be written only costs the recomputation.
/// </summary>
public static class VectorCache
{
    private const uint Magic = 0x4D56_4331; // "MVC1"

    /// <summary>The vectors of <paramref name="texts"/>, in order, from the cache file or the encoder.</summary>
    public static IReadOnlyList<float[]> GetOrCompute(ITextEncoder encoder, IReadOnlyList<string> texts, string? directory, string purpose)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var folder = string.IsNullOrWhiteSpace(directory) ? Path.Combine(Path.GetTempPath(), "hfs-bot-vectors") : directory;
        var file = Path.Combine(folder, $"{purpose}-{Key(encoder.ModelId, texts)}.bin");
        if (TryRead(file, texts.Count, encoder.Dimensions) is { } cached)
        {
            return cached;
        }

        var vectors = encoder.EncodeBatch(texts);
        TryWrite(file, vectors, encoder.Dimensions);
        return vectors;
    }

    /// <summary>Hash of the model id and every text (length-prefixed, so no two lists collide by concatenation).</summary>
    public static string Key(string modelId, IReadOnlyList<string> texts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        Add(modelId);
        foreach (var t in texts)
        {
            Add(t);
        }

        return Convert.ToHexString(hash.GetHashAndReset(), 0, 12).ToLowerInvariant();
    }

    private static float[][]? TryRead(string file, int count, int dimensions)
    {
        try
        {
            if (!File.Exists(file))
            {
                return null;
            }

            using var reader = new BinaryReader(File.OpenRead(file));
            if (reader.ReadUInt32() != Magic || reader.ReadInt32() != count || reader.ReadInt32() != dimensions)
            {
                return null;
            }

            var vectors = new float[count][];
            var bytes = new byte[dimensions * sizeof(float)];
            for (var i = 0; i < count; i++)
            {
                reader.BaseStream.ReadExactly(bytes);
                vectors[i] = new float[dimensions];
                Buffer.BlockCopy(bytes, 0, vectors[i], 0, bytes.Length);
            }

            return reader.BaseStream.Position == reader.BaseStream.Length ? vectors : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException)
        {
            return null;
        }
    }

    private static void TryWrite(string file, IReadOnlyList<float[]> vectors, int dimensions)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temp = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
            using (var writer = new BinaryWriter(File.Create(temp)))
            {
                writer.Write(Magic);
                writer.Write(vectors.Count);
                writer.Write(dimensions);
                var bytes = new byte[dimensions * sizeof(float)];
                foreach (var v in vectors)
                {
                    Buffer.BlockCopy(v, 0, bytes, 0, bytes.Length);
                    writer.Write(bytes);
                }
            }

            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only folder only means the vectors are computed again at the next start.
        }
    }
}
