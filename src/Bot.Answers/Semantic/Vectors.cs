namespace Bot.Answers.Semantic;

/// <summary>Arithmetic on embedding vectors (unit length, so the dot product is the cosine similarity).</summary>
public static class Vectors
{
    /// <summary>The dot product of two vectors of the same length.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("Vectors differ in length.", nameof(b));
        }

        return System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
    }

    /// <summary>Scales <paramref name="v"/> to unit length in place (a zero vector stays zero).</summary>
    public static void Normalize(Span<float> v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        }
    }
}
