using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Bot.Knowledge.Loading;

/// <summary>
/// What every loader and check shares while one knowledge folder is read: its root, the problems and
/// warnings found so far, and the date reviews are judged against.
/// </summary>
internal sealed class LoadContext(string root, DateOnly today)
{
    private static readonly Regex IdPattern = new("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public string Root { get; } = root;

    public ProblemList Problems { get; } = new();

    /// <summary>What does not block loading but needs attention (an overdue review).</summary>
    public ProblemList Warnings { get; } = new();

    public DateOnly Today { get; } = today;

    public string Full(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public string Relative(string full) => Path.GetRelativePath(Root, full).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The root node of a required YAML file, or null (with a problem) when it is missing or broken.</summary>
    public YamlNode? Required(string relative)
    {
        var full = Full(relative);
        if (!File.Exists(full))
        {
            Problems.Add(relative, 1, "is missing (required file)");
            return null;
        }

        return YamlFile.Load(full, relative, Problems);
    }

    public YamlSequenceNode? RequiredList(string relative, string what)
    {
        var node = Required(relative);
        if (node is null)
        {
            return null;
        }

        if (node is YamlSequenceNode list)
        {
            return list;
        }

        Problems.Add(relative, YamlFile.LineOf(node), $"must be a list of {what}, not {YamlFile.Describe(node)}");
        return null;
    }

    public IEnumerable<MappingReader> Items(YamlSequenceNode list, string file, string what)
    {
        foreach (var item in list.Children)
        {
            if (item is YamlMappingNode map)
            {
                yield return new MappingReader(map, file, Problems, what);
            }
            else
            {
                Problems.Add(file, YamlFile.LineOf(item), $"every entry must be a {what} (a map of fields), not {YamlFile.Describe(item)}");
            }
        }
    }

    /// <summary>The item's <c>id</c> when it is well formed (lower-case letters, digits, single dashes), else null with a problem.</summary>
    public static string? CheckId(MappingReader r, string what)
    {
        var id = r.String("id");
        if (id is not null && !IdPattern.IsMatch(id))
        {
            r.Problem(r.LineOf("id"), $"{what} id '{id}' must be lower-case letters, digits and single dashes");
            return null;
        }

        return id;
    }
}
