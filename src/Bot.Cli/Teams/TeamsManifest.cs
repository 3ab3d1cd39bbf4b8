using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bot.Cli.Teams;

/// <summary>What the user chooses for the package; everything else is fixed by the product.</summary>
/// <param name="AppId">The Azure Bot's Microsoft App ID (also used as the Teams app id).</param>
/// <param name="ShortName">The name shown in Teams (at most 30 characters).</param>
/// <param name="Host">The public host name the bot and its web page run on (e.g. bot.example.org), or null.</param>
/// <param name="Version">The app's version (x.y.z); raise it for every new upload.</param>
internal sealed record TeamsPackageSettings(Guid AppId, string ShortName, string? Host, string Version);

/// <summary>Builds the Teams app manifest (schema v1.29).</summary>
internal static partial class TeamsManifest
{
    public const string ManifestVersion = "1.29";
    public const string SchemaUrl = "https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json";
    public const string DefaultShortName = "Hemifacial spasm info";
    public const string LocalSite = "http://localhost:3978/";

    /// <summary>Questions offered in the compose box's command menu (title at most 32 characters, description at most 128).</summary>
    public static readonly IReadOnlyList<(string Title, string Description)> Commands =
    [
        ("what is hemifacial spasm", "What the condition is, in plain words, with sources."),
        ("what causes it", "Why one side of the face twitches: the usual cause and the rarer ones."),
        ("how is it diagnosed", "Which examinations and scans a neurologist may use."),
        ("what are the treatments", "Botulinum toxin injections, surgery (microvascular decompression) and others."),
        ("is it dangerous", "What hemifacial spasm means for health, and which signs need urgent care."),
        ("help", "What this bot can and cannot do."),
    ];

    public const string Disclaimer =
        "General information, not a diagnosis or treatment advice. It never diagnoses, never gives doses and never " +
        "recommends, sells or stops medicines; please see a neurologist about your symptoms. If a face suddenly " +
        "droops, an arm or leg turns weak, speech is slurred or sight is suddenly lost, call your local emergency number now.";

    /// <summary>Checks a --host value: a DNS name (optionally with a port), no scheme, no path.</summary>
    public static bool IsValidHost(string host) => HostPattern().IsMatch(host) && host.Length <= 253;

    /// <summary>Checks a version: three numbers, as the schema's semver pattern wants.</summary>
    public static bool IsValidVersion(string version) => VersionPattern().IsMatch(version);

    public static JsonObject Build(TeamsPackageSettings settings)
    {
        var appId = settings.AppId.ToString("D");
        var site = settings.Host is null ? LocalSite : $"https://{settings.Host}/";
        var scopes = new JsonArray("personal", "groupChat");
        var commands = new JsonArray([.. Commands.Select(c => new JsonObject { ["title"] = c.Title, ["description"] = c.Description })]);
        var manifest = new JsonObject
        {
            ["$schema"] = SchemaUrl,
            ["manifestVersion"] = ManifestVersion,
            ["version"] = settings.Version,
            ["id"] = appId,
            ["developer"] = new JsonObject
            {
                ["name"] = "Hemifacial spasm info team",
                ["websiteUrl"] = site,
                ["privacyUrl"] = site + "#privacy",
                ["termsOfUseUrl"] = site + "#disclaimer",
            },
            ["name"] = new JsonObject
            {
                ["short"] = settings.ShortName,
                ["full"] = "Hemifacial spasm information bot",
            },
            ["description"] = new JsonObject
            {
                ["short"] = "Plain-language facts about hemifacial spasm, with their sources.",
                ["full"] =
                    "Ask about hemifacial spasm, the involuntary twitching of one side of the face: what it is, what " +
                    "causes it, how it is diagnosed and treated. Every answer is built from checked facts, cites " +
                    "authoritative sources as numbered citations, and advises seeing a neurologist. " + Disclaimer,
                ["features"] = new JsonArray(
                    new JsonObject { ["title"] = "Answers with sources", ["description"] = "Short answers in plain language, each with numbered citations to medical sources." },
                    new JsonObject { ["title"] = "Safety first", ["description"] = "Stroke-like signs get an emergency message first; it never diagnoses or gives doses." },
                    new JsonObject { ["title"] = "Feedback", ["description"] = "Rate answers with thumbs up or down; only the facts used are recorded, never your words." }),
            },
            ["icons"] = new JsonObject { ["color"] = TeamsPackage.ColorIconName, ["outline"] = TeamsPackage.OutlineIconName },
            ["accentColor"] = $"#{TeamsIcons.Accent.R:X2}{TeamsIcons.Accent.G:X2}{TeamsIcons.Accent.B:X2}",
            ["bots"] = new JsonArray(new JsonObject
            {
                ["botId"] = appId,
                ["scopes"] = scopes,
                ["isNotificationOnly"] = false,
                ["supportsFiles"] = false,
                ["commandLists"] = new JsonArray(new JsonObject
                {
                    ["scopes"] = scopes.DeepClone(),
                    ["commands"] = commands,
                }),
            }),
            ["permissions"] = new JsonArray("identity"),
        };
        if (settings.Host is not null)
        {
            // The host's web page is linked from answers; Teams opens links to listed domains inside its client.
            manifest["validDomains"] = new JsonArray(settings.Host);
        }

        return manifest;
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:[0-9]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^([0-9]|[1-9][0-9]*)\.([0-9]|[1-9][0-9]*)\.([0-9]|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
