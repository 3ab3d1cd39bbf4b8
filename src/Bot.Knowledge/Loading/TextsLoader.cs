using System.Reflection;
using Bot.Knowledge.Model;
using YamlDotNet.RepresentationModel;

namespace Bot.Knowledge.Loading;

/// <summary>Reads <c>safety/texts.yaml</c>: the fixed texts, every key of <see cref="TextKeys"/> required.</summary>
internal static class TextsLoader
{
    public static Dictionary<string, string> Load(LoadContext c)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = c.Required(KnowledgeFiles.Texts);
        if (node is null)
        {
            return result;
        }

        if (node is not YamlMappingNode map)
        {
            c.Problems.Add(KnowledgeFiles.Texts, YamlFile.LineOf(node), $"must be a map from text key to text, not {YamlFile.Describe(node)}");
            return result;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = YamlFile.ScalarText(keyNode);
            var value = YamlFile.ScalarText(valueNode)?.Trim();
            if (key is null || value is null)
            {
                c.Problems.Add(KnowledgeFiles.Texts, YamlFile.LineOf(keyNode), "every entry must be 'key: text'");
                continue;
            }

            if (value.Length == 0)
            {
                c.Problems.Add(KnowledgeFiles.Texts, YamlFile.LineOf(valueNode), $"text '{key}' is empty");
                continue;
            }

            result[key] = value;
        }

        foreach (var required in RequiredTextKeys)
        {
            if (!result.ContainsKey(required))
            {
                c.Problems.Add(KnowledgeFiles.Texts, YamlFile.LineOf(map), $"is missing the required text '{required}' (Bot.Knowledge.Model.TextKeys)");
            }
        }

        return result;
    }

    /// <summary>Every key declared in <see cref="TextKeys"/>: all are required in safety/texts.yaml.</summary>
    public static IReadOnlyList<string> RequiredTextKeys { get; } = typeof(TextKeys)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToArray();
}
