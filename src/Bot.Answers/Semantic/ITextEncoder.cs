namespace Bot.Answers.Semantic;

/// <summary>
/// Turns text into a sentence embedding: a unit-length vector whose dot product with another is their
/// cosine similarity. Implementations run offline on the CPU from a model shipped in a package and are
/// thread-safe. The engine encodes each message once per turn and shares the vector between safety
/// triage and retrieval (design.md §1, "Semantic layer beside it").
/// </summary>
public interface ITextEncoder
{
    /// <summary>Length of every vector this encoder returns.</summary>
    int Dimensions { get; }

    /// <summary>A fingerprint of the model (name and content hash), so cached vectors of another model are never reused.</summary>
    string ModelId { get; }

    /// <summary>Encodes one text into a unit-length vector of <see cref="Dimensions"/> values.</summary>
    float[] Encode(string text);

    /// <summary>Encodes many texts (e.g. every question phrasing when the index is built); same vectors as <see cref="Encode"/>.</summary>
    IReadOnlyList<float[]> EncodeBatch(IReadOnlyList<string> texts);
}
