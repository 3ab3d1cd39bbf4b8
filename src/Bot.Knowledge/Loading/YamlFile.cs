using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bot.Knowledge.Loading;

/// <summary>
/// Reads one YAML file with YamlDotNet's representation model, so every node keeps its line; problems
/// are reported against the file's path relative to the knowledge root.
/// </summary>
internal static class YamlFile
{
    public static YamlNode? Load(string fullPath, string relativePath, ProblemList problems)
    {
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (IOException ex)
        {
            problems.Add(relativePath, 1, $"cannot be read: {ex.Message}");
            return null;
        }

        return Parse(text, relativePath, problems);
    }

    public static YamlNode? Parse(string text, string relativePath, ProblemList problems)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException is { } inner && !string.IsNullOrEmpty(inner.Message) ? $"{ex.Message} ({inner.Message})" : ex.Message;
            problems.Add(relativePath, LineOf(ex.Start), $"is not valid YAML: {message}");
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet sometimes fails without a position (for example an unclosed flow list at the
            // end of a file); report the end of the last token that could still be read.
            problems.Add(relativePath, LastReadableLine(text), $"is not valid YAML: {ex.Message}");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            problems.Add(relativePath, 1, "is empty");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            problems.Add(relativePath, LineOf(stream.Documents[1].RootNode), "holds more than one YAML document; only one is allowed");
        }

        return stream.Documents[0].RootNode;
    }

    public static int LineOf(YamlNode node) => LineOf(node.Start);

    private static int LastReadableLine(string text)
    {
        var line = 1;
        try
        {
            var scanner = new Scanner(new StringReader(text));
            while (scanner.MoveNext())
            {
                line = LineOf(scanner.Current!.End);
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
        {
            // stop at the first token that cannot be read
        }

        return line;
    }

    public static int LineOf(Mark mark) => (int)Math.Clamp(mark.Line, 1, int.MaxValue);

    /// <summary>The scalar's text, or null when the node is not a scalar.</summary>
    public static string? ScalarText(YamlNode node) => node is YamlScalarNode s ? s.Value ?? string.Empty : null;

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode => "a single value",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a map",
        _ => node.NodeType.ToString().ToLowerInvariant(),
    };
}
