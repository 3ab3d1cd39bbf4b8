namespace Bot.Knowledge;

/// <summary>Finds the <c>knowledge</c> folder of the repository.</summary>
public static class KnowledgeLocator
{
    /// <summary>The folder name looked for.</summary>
    public const string FolderName = "knowledge";

    /// <summary>
    /// Walks up from <paramref name="startDirectory"/> (default: the current directory, then
    /// <see cref="AppContext.BaseDirectory"/>) and returns the first <c>knowledge</c> folder that holds a
    /// <c>references.yaml</c> or a <c>facts</c> folder.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder above any start directory.</exception>
    public static string FindRoot(string? startDirectory = null)
    {
        var starts = startDirectory is null
            ? new[] { Environment.CurrentDirectory, AppContext.BaseDirectory }
            : new[] { startDirectory };

        foreach (var start in starts)
        {
            var found = WalkUp(start);
            if (found is not null)
            {
                return found;
            }
        }

        throw new DirectoryNotFoundException(
            $"No '{FolderName}' folder (with references.yaml or facts/) was found in or above {string.Join(" or ", starts.Select(s => $"'{Path.GetFullPath(s)}'"))}. " +
            "Run from inside the repository or pass the knowledge folder explicitly.");
    }

    private static string? WalkUp(string start)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(start));
        while (dir is not null)
        {
            var candidate = IsKnowledgeRoot(dir.FullName) ? dir.FullName : Path.Combine(dir.FullName, FolderName);
            if (IsKnowledgeRoot(candidate))
            {
                return candidate;
            }

            dir = dir.Parent;
        }

        return null;
    }

    private static bool IsKnowledgeRoot(string path) =>
        string.Equals(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), FolderName, StringComparison.Ordinal)
        && (File.Exists(Path.Combine(path, "references.yaml")) || Directory.Exists(Path.Combine(path, "facts")));
}
