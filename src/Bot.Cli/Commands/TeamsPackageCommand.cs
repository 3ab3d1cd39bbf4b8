using Bot.Cli.Teams;

namespace Bot.Cli.Commands;

/// <summary><c>teams-package</c>: writes the Teams app package (manifest + icons, zipped) for a given Azure Bot app id.</summary>
internal sealed class TeamsPackageCommand : ICommand
{
    public string Name => "teams-package";

    public string Summary => "write the Microsoft Teams app package (manifest.json + icons, zipped)";

    private const string Usage =
        "usage: teams-package --app-id <guid> [--name <short name>] [--host <domain>] [--version <x.y.z>] --out <file.zip>\n" +
        "  --app-id   the Azure Bot's Microsoft App ID (a GUID)\n" +
        "  --name     the name shown in Teams, at most 30 characters (default: \"" + TeamsManifest.DefaultShortName + "\")\n" +
        "  --host     the public host name of the bot and its web page, e.g. bot.example.org (adds it to validDomains;\n" +
        "             without it the developer links point to " + TeamsManifest.LocalSite + ")\n" +
        "  --version  the app version, raised for every new upload (default: 1.0.0)\n" +
        "  --out      where to write the zip";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                await context.Out.WriteLineAsync(Usage);
                return 0;
            }

            if (arg is not ("--app-id" or "--name" or "--host" or "--version" or "--out"))
            {
                return await UsageErrorAsync(context, $"unknown option '{arg}'.");
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return await UsageErrorAsync(context, $"{arg} needs a value.");
            }

            if (!values.TryAdd(arg, args[++i]))
            {
                return await UsageErrorAsync(context, $"{arg} is given twice.");
            }
        }

        if (!values.TryGetValue("--app-id", out var appIdText))
        {
            return await UsageErrorAsync(context, "--app-id is required (the Azure Bot's Microsoft App ID).");
        }

        if (!Guid.TryParseExact(appIdText, "D", out var appId))
        {
            return await UsageErrorAsync(context, $"--app-id must be a GUID such as 6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f (the Azure Bot's Microsoft App ID); '{appIdText}' is not one.");
        }

        if (appId == Guid.Empty)
        {
            return await UsageErrorAsync(context, "--app-id must be the Azure Bot's Microsoft App ID, not the empty GUID.");
        }

        if (!values.TryGetValue("--out", out var output) || string.IsNullOrWhiteSpace(output))
        {
            return await UsageErrorAsync(context, "--out is required (where to write the zip, e.g. bot.zip).");
        }

        var name = values.GetValueOrDefault("--name", TeamsManifest.DefaultShortName).Trim();
        if (name.Length is 0 or > 30)
        {
            return await UsageErrorAsync(context, $"--name must be 1 to 30 characters (Teams' limit for the short name); '{name}' has {name.Length}.");
        }

        string? host = null;
        if (values.TryGetValue("--host", out var hostText))
        {
            host = hostText.Trim().TrimEnd('/').ToLowerInvariant();
            if (!TeamsManifest.IsValidHost(host))
            {
                return await UsageErrorAsync(context, $"--host must be a host name such as bot.example.org, without https:// or a path; '{hostText}' is not one.");
            }
        }

        var version = values.GetValueOrDefault("--version", "1.0.0");
        if (!TeamsManifest.IsValidVersion(version))
        {
            return await UsageErrorAsync(context, $"--version must be three numbers such as 1.0.0; '{version}' is not.");
        }

        var path = Path.GetFullPath(output, context.WorkingDirectory);
        if (Directory.Exists(path))
        {
            await context.Error.WriteLineAsync($"teams-package: cannot write {path}: it is a directory; give a file name such as {Path.Combine(path, "bot.zip")}.");
            return 1;
        }

        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            await context.Error.WriteLineAsync($"teams-package: cannot write {path}: the folder {directory} does not exist.");
            return 1;
        }

        try
        {
            TeamsPackage.Write(new TeamsPackageSettings(appId, name, host, version), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"teams-package: cannot write {path}: {ex.Message}");
            return 1;
        }

        await context.Out.WriteLineAsync($"Wrote {path}: manifest.json (schema {TeamsManifest.ManifestVersion}, bot {appId:D}), color.png 192x192, outline.png 32x32.");
        if (host is null)
        {
            await context.Out.WriteLineAsync($"No --host given: the developer links point to {TeamsManifest.LocalSite}; pass --host for a package others will install.");
        }

        await context.Out.WriteLineAsync("Upload it in Teams: Apps > Manage your apps > Upload an app > Upload a custom app.");
        return 0;
    }

    private static async Task<int> UsageErrorAsync(CommandContext context, string message)
    {
        await context.Error.WriteLineAsync("teams-package: " + message);
        await context.Error.WriteLineAsync(Usage);
        return 2;
    }
}
