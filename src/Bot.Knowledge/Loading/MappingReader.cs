using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Bot.Knowledge.Loading;

/// <summary>Typed, line-aware access to the fields of one YAML map; every missing or malformed field becomes a problem.</summary>
internal sealed class MappingReader
{
    private readonly YamlMappingNode node;
    private readonly ProblemList problems;
    private readonly string what;

    public MappingReader(YamlMappingNode node, string file, ProblemList problems, string what)
    {
        this.node = node;
        File = file;
        this.problems = problems;
        this.what = what;
    }

    public string File { get; }

    public int Line => YamlFile.LineOf(node);

    public YamlNode? Node(string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The line of a field's key (where a reader looks for it), or of the map when the field is absent.</summary>
    public int LineOf(string key) =>
        node.Children.Keys.FirstOrDefault(k => string.Equals(YamlFile.ScalarText(k), key, StringComparison.Ordinal)) is { } k ? YamlFile.LineOf(k) : Line;

    public void Problem(int line, string message) => problems.Add(File, line, message);

    /// <summary>Reports keys other than <paramref name="allowed"/> (a misspelt field is a problem, not silently ignored).</summary>
    public void RejectUnknownKeys(params string[] allowed)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = YamlFile.ScalarText(key);
            if (name is null || !allowed.Contains(name, StringComparer.Ordinal))
            {
                problems.Add(File, YamlFile.LineOf(key), $"{what} has an unknown field '{name ?? YamlFile.Describe(key)}' (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    public string? String(string key, bool required = true)
    {
        var value = Node(key);
        if (value is null)
        {
            if (required)
            {
                problems.Add(File, Line, $"{what} is missing the field '{key}'");
            }

            return null;
        }

        var text = YamlFile.ScalarText(value);
        if (text is null)
        {
            problems.Add(File, YamlFile.LineOf(value), $"{what}: '{key}' must be a single value, not {YamlFile.Describe(value)}");
            return null;
        }

        text = text.Trim();
        if (text.Length == 0)
        {
            if (required)
            {
                problems.Add(File, YamlFile.LineOf(value), $"{what}: '{key}' is empty");
            }

            return null;
        }

        return text;
    }

    public IReadOnlyList<LineValue>? StringList(string key, bool required = true, bool allowEmpty = false)
    {
        var value = Node(key);
        if (value is null)
        {
            if (required)
            {
                problems.Add(File, Line, $"{what} is missing the field '{key}'");
            }

            return null;
        }

        if (value is not YamlSequenceNode sequence)
        {
            problems.Add(File, LineOf(key), $"{what}: '{key}' must be a list, not {YamlFile.Describe(value)}");
            return null;
        }

        var items = new List<LineValue>();
        foreach (var item in sequence.Children)
        {
            var text = YamlFile.ScalarText(item)?.Trim();
            if (text is null)
            {
                problems.Add(File, YamlFile.LineOf(item), $"{what}: every entry of '{key}' must be a single value, not {YamlFile.Describe(item)}");
                continue;
            }

            if (text.Length == 0)
            {
                problems.Add(File, YamlFile.LineOf(item), $"{what}: '{key}' has an empty entry");
                continue;
            }

            items.Add(new LineValue(text, YamlFile.LineOf(item)));
        }

        if (items.Count == 0 && !allowEmpty && sequence.Children.Count == 0)
        {
            problems.Add(File, LineOf(key), $"{what}: '{key}' is empty");
        }

        return items;
    }

    /// <summary>A nested map (for example a fact's <c>review</c>), or null with a problem when it is missing or not a map.</summary>
    public MappingReader? Map(string key, string childWhat, bool required = true)
    {
        var value = Node(key);
        if (value is null)
        {
            if (required)
            {
                problems.Add(File, Line, $"{what} is missing the field '{key}'");
            }

            return null;
        }

        if (value is not YamlMappingNode map)
        {
            problems.Add(File, LineOf(key), $"{what}: '{key}' must be a map of fields, not {YamlFile.Describe(value)}");
            return null;
        }

        return new MappingReader(map, File, problems, childWhat);
    }

    /// <summary>A nested list of maps (for example a fact's <c>claims</c>), or null with a problem when it is missing, empty or not a list of maps.</summary>
    public IReadOnlyList<MappingReader>? MapList(string key, string childWhat)
    {
        var value = Node(key);
        if (value is null)
        {
            problems.Add(File, Line, $"{what} is missing the field '{key}'");
            return null;
        }

        if (value is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            problems.Add(File, LineOf(key), $"{what}: '{key}' must be a non-empty list of {childWhat}s, not {(value is YamlSequenceNode ? "an empty list" : YamlFile.Describe(value))}");
            return null;
        }

        var result = new List<MappingReader>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode map)
            {
                result.Add(new MappingReader(map, File, problems, childWhat));
            }
            else
            {
                problems.Add(File, YamlFile.LineOf(item), $"{what}: every entry of '{key}' must be a {childWhat} (a map of fields), not {YamlFile.Describe(item)}");
            }
        }

        return result;
    }

    public bool? Bool(string key, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        switch (text.ToLowerInvariant())
        {
            case "true": return true;
            case "false": return false;
            default:
                problems.Add(File, LineOf(key), $"{what}: '{key}' must be true or false, not '{text}'");
                return null;
        }
    }

    public int? Int(string key, bool required = true)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        problems.Add(File, LineOf(key), $"{what}: '{key}' must be a whole number, not '{text}'");
        return null;
    }

    public DateOnly? Date(string key, bool required = true)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add(File, LineOf(key), $"{what}: '{key}' must be a date written yyyy-mm-dd, not '{text}'");
        return null;
    }
}

/// <summary>A scalar value with the line it was read from.</summary>
internal readonly record struct LineValue(string Value, int Line);
