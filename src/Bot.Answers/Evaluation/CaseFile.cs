using System.Text.Json;

namespace Bot.Answers.Evaluation;

/// <summary>
/// Reading of a case file (a JSON array; comments and trailing commas allowed): the file must exist, hold at
/// least one case, and give every case a unique id. Used by the safety cases (<see cref="SafetyCase"/>);
/// the conversation cases (<see cref="EvalCase"/>) can use it too once their own checks move into a callback.
/// </summary>
public static class CaseFile
{
    public static JsonSerializerOptions JsonOptions { get; } = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads the cases of <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">What the cases are called in error messages ("cases", "safety cases").</param>
    /// <param name="id">A case's id.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Not a valid list of cases (the message says where).</exception>
    public static List<T> Load<T>(string path, string kind, Func<T, string?> id)
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
        }

        return cases;
    }
}
