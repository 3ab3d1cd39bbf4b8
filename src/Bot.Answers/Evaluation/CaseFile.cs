using System.Text.Json;

namespace Bot.Answers.Evaluation;

/// <summary>
/// The one reader of case files (a JSON array; comments and trailing commas allowed): the file must exist, hold at
/// least one case, and give every case a unique id; each format adds its own check per case. Used by the
/// conversation cases (<see cref="EvalCase"/>) and the safety cases (<see cref="SafetyCase"/>), and by
/// <see cref="FirstCaseHas"/> to tell the formats apart.
/// </summary>
public static class CaseFile
{
    public static JsonSerializerOptions JsonOptions { get; } = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>True when the file is a non-empty JSON array whose first case has <paramref name="property"/>.</summary>
    /// <exception cref="JsonException">The file is not JSON.</exception>
    public static bool FirstCaseHas(string path, string property)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream, DocumentOptions);
        return doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() > 0
            && doc.RootElement[0].ValueKind == JsonValueKind.Object && doc.RootElement[0].TryGetProperty(property, out _);
    }

    /// <summary>Reads the cases of <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">What the cases are called in error messages ("cases", "safety cases").</param>
    /// <param name="id">A case's id.</param>
    /// <param name="check">The format's own check of one case: null when it is valid, else what is wrong (the path is added).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Not a valid list of cases (the message says where).</exception>
    public static List<T> Load<T>(string path, string kind, Func<T, string?> id, Func<string, T, string?>? check = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(id);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Case file '{path}' does not exist.", path);
        }

        List<T>? cases;
        try
        {
            using var stream = File.OpenRead(path);
            cases = JsonSerializer.Deserialize<List<T>>(stream, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a list of {kind} ({e.Message})", e);
        }

        if (cases is null || cases.Count == 0)
        {
            throw new InvalidDataException($"{path}: no cases.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in cases)
        {
            var value = id(c);
            if (string.IsNullOrWhiteSpace(value) || !ids.Add(value))
            {
                throw new InvalidDataException($"{path}: case ids must be present and unique ('{value}').");
            }

            if (check?.Invoke(path, c) is { } problem)
            {
                throw new InvalidDataException($"{path}: {problem}");
            }
        }

        return cases;
    }
}
