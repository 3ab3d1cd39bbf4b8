namespace Bot.Host.Hosting;

/// <summary>
/// Where the host reads <c>appsettings.json</c> and <c>wwwroot/</c> from. ASP.NET Core uses the working directory;
/// a published app started from another folder (<c>dotnet /app/Bot.Host.dll</c> from <c>/</c>, a service manager)
/// would then find neither. So when nothing names a content root and the working directory holds no app files,
/// the app's own directory is used.
/// </summary>
public static class ContentRoot
{
    /// <summary>The content root to use, or null for ASP.NET Core's default (the working directory).</summary>
    public static string? Choose(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var named = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        if (named || LooksLikeApp(Environment.CurrentDirectory) || !LooksLikeApp(AppContext.BaseDirectory))
        {
            return null;
        }

        return AppContext.BaseDirectory;
    }

    private static bool LooksLikeApp(string directory) =>
        File.Exists(Path.Combine(directory, "appsettings.json")) || Directory.Exists(Path.Combine(directory, "wwwroot"));
}
