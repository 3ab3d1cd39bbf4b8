namespace Bot.Tests.Services;

/// <summary>Copies of real folders (the knowledge, or part of it) that a test may break without touching the repository.</summary>
public static class TestDirectories
{
    /// <summary>Copies <paramref name="from"/> with every subfolder and file into <paramref name="to"/> (created if missing).</summary>
    public static void Copy(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
