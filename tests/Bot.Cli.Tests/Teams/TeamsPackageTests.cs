using System.IO.Compression;
using System.Text.Json.Nodes;
using Bot.Cli.Commands;
using Bot.Cli.Teams;
using NJsonSchema;

namespace Bot.Cli.Tests.Teams;

/// <summary>The <c>teams-package</c> command: the manifest against the official Teams schema, the icons, the zip, bad input.</summary>
public sealed class TeamsPackageTests : IDisposable
{
    private const string AppId = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f";
    private readonly string _directory = Directory.CreateTempSubdirectory("teams-package-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The official schema, copied with its MIT licence into tests/Bot.Cli.Tests/Teams/Schema/ (Microsoft's MicrosoftTeams.schema.json).</summary>
    private static TeamsSchema OfficialSchema() =>
        new(JsonSchema.FromJsonAsync(File.ReadAllText(SchemaPath())).GetAwaiter().GetResult());

    private static string SchemaPath()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Bot.sln")))
        {
            root = root.Parent;
        }

        Assert.True(root is not null, "Cannot find the repository root (the folder with Bot.sln) above " + AppContext.BaseDirectory);
        var path = Path.Combine(root!.FullName, "tests", "Bot.Cli.Tests", "Teams", "Schema", "MicrosoftTeams.schema.json");
        Assert.True(File.Exists(path), $"The official Teams manifest schema is missing: expected it at {path}.");
        return path;
    }

    /// <summary>The schema through NJsonSchema; every violation as "path: kind", so a failure says what to fix.</summary>
    private sealed class TeamsSchema(JsonSchema schema)
    {
        public IReadOnlyList<string> Validate(JsonNode manifest) =>
            schema.Validate(manifest.ToJsonString()).SelectMany(Flatten).ToList();

        private static IEnumerable<string> Flatten(NJsonSchema.Validation.ValidationError error)
        {
            yield return $"{(string.IsNullOrEmpty(error.Path) ? "#" : error.Path)}: {error.Kind}{(error.Property is null ? "" : " (" + error.Property + ")")}";
            if (error is NJsonSchema.Validation.ChildSchemaValidationError child)
            {
                foreach (var inner in child.Errors.SelectMany(e => e.Value).SelectMany(Flatten))
                {
                    yield return "  " + inner;
                }
            }
        }
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(["teams-package", .. args], new CommandContext(TextReader.Null, output, error, _directory), CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    private static Dictionary<string, byte[]> ReadZip(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }, StringComparer.Ordinal);
    }

    [Fact]
    public async Task The_package_holds_exactly_the_manifest_and_two_icons_at_the_zip_root()
    {
        var (code, output, _) = await RunAsync("--app-id", AppId, "--out", "bot.zip");

        Assert.Equal(0, code);
        Assert.Contains("bot.zip", output, StringComparison.Ordinal);
        var entries = ReadZip(Path.Combine(_directory, "bot.zip"));
        Assert.Equal(["color.png", "manifest.json", "outline.png"], entries.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(["bot.zip"], Directory.GetFiles(_directory).Select(f => Path.GetFileName(f)!).ToArray());
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("HFS info", "bot.example.org")]
    [InlineData("Twitch facts", "hfs.example.com:8443")]
    public async Task The_manifest_is_valid_against_the_official_Teams_schema(string? name, string? host)
    {
        List<string> args = ["--app-id", AppId, "--out", "bot.zip"];
        if (name is not null)
        {
            args.AddRange(["--name", name]);
        }

        if (host is not null)
        {
            args.AddRange(["--host", host]);
        }

        Assert.Equal(0, (await RunAsync([.. args])).Code);
        var manifest = JsonNode.Parse(ReadZip(Path.Combine(_directory, "bot.zip"))["manifest.json"])!;

        var errors = OfficialSchema().Validate(manifest);

        Assert.True(errors.Count == 0, "manifest.json violates the Teams schema:\n" + string.Join("\n", errors));
    }

    [Fact]
    public void The_official_schema_rejects_broken_manifests_so_the_validity_test_can_fail()
    {
        var schema = OfficialSchema();
        var good = TeamsManifest.Build(new TeamsPackageSettings(Guid.Parse(AppId), "HFS", "bot.example.org", "1.0.0"));
        Assert.Empty(schema.Validate(good));

        var cases = new List<(string What, string Names, Action<JsonObject> Break)>
        {
            ("old lower-case scope", "scopes", m => m["bots"]![0]!["scopes"] = new JsonArray("personal", "groupchat")),
            ("short name over 30", "short", m => m["name"]!["short"] = new string('x', 31)),
            ("no developer", "developer", m => m.Remove("developer")),
            ("bot id not a GUID", "botId", m => m["bots"]![0]!["botId"] = "not-a-guid"),
            ("accent colour without #", "accentColor", m => m["accentColor"] = "0B5CAD"),
            ("unknown top-level field", "colour", m => m["colour"] = "blue"),
            ("two bots", "bots", m => ((JsonArray)m["bots"]!).Add(m["bots"]![0]!.DeepClone())),
            ("short description over 80", "short", m => m["description"]!["short"] = new string('x', 81)),
            ("developer URL not http", "privacyUrl", m => m["developer"]!["privacyUrl"] = "ftp://x"),
        };
        foreach (var (what, names, breakIt) in cases)
        {
            var manifest = (JsonObject)good.DeepClone();
            breakIt(manifest);
            var errors = schema.Validate(manifest);
            Assert.True(errors.Count > 0, $"the schema accepted a manifest with {what}");
            Assert.True(errors.Any(e => e.Contains(names, StringComparison.Ordinal)), $"the errors for a manifest with {what} do not name '{names}':\n" + string.Join("\n", errors));
        }
    }

    [Fact]
    public void The_manifest_version_is_the_one_the_copied_schema_pins()
    {
        // The schema pins it with "const", a draft-06 keyword that NJsonSchema's draft-04 reading does not enforce, so
        // the version is compared here instead.
        var schemaFile = JsonNode.Parse(File.ReadAllText(SchemaPath()))!;
        var good = TeamsManifest.Build(new TeamsPackageSettings(Guid.Parse(AppId), "HFS", "bot.example.org", "1.0.0"));

        Assert.Equal((string)schemaFile["properties"]!["manifestVersion"]!["const"]!, (string)good["manifestVersion"]!);
    }

    [Fact]
    public async Task The_manifest_names_the_bot_its_scopes_commands_domains_and_the_disclaimer()
    {
        await RunAsync("--app-id", AppId.ToUpperInvariant(), "--name", "HFS info", "--host", "Bot.Example.org", "--version", "2.3.4", "--out", "bot.zip");
        var manifest = JsonNode.Parse(ReadZip(Path.Combine(_directory, "bot.zip"))["manifest.json"])!;

        Assert.Equal("1.29", (string)manifest["manifestVersion"]!);
        Assert.Equal("2.3.4", (string)manifest["version"]!);
        Assert.Equal(AppId, (string)manifest["id"]!);
        Assert.Equal("HFS info", (string)manifest["name"]!["short"]!);
        var bot = manifest["bots"]![0]!;
        Assert.Equal(AppId, (string)bot["botId"]!);
        Assert.Equal(["personal", "groupChat"], ((JsonArray)bot["scopes"]!).Select(s => (string)s!).ToArray());
        var commands = ((JsonArray)bot["commandLists"]![0]!["commands"]!).Select(c => (string)c!["title"]!).ToArray();
        Assert.Contains("what is hemifacial spasm", commands);
        Assert.Equal(["bot.example.org"], ((JsonArray)manifest["validDomains"]!).Select(d => (string)d!).ToArray());
        Assert.Equal("https://bot.example.org/", (string)manifest["developer"]!["websiteUrl"]!);
        var full = (string)manifest["description"]!["full"]!;
        Assert.Contains("not a diagnosis", full, StringComparison.Ordinal);
        Assert.Contains("neurologist", full, StringComparison.Ordinal);
        Assert.Contains("emergency", full, StringComparison.Ordinal);
        Assert.Equal("color.png", (string)manifest["icons"]!["color"]!);
        Assert.Equal("outline.png", (string)manifest["icons"]!["outline"]!);
    }

    [Fact]
    public async Task Without_a_host_there_are_no_valid_domains_and_the_output_says_where_links_point()
    {
        var (code, output, _) = await RunAsync("--app-id", AppId, "--out", "bot.zip");
        var manifest = JsonNode.Parse(ReadZip(Path.Combine(_directory, "bot.zip"))["manifest.json"])!;

        Assert.Equal(0, code);
        Assert.Null(manifest["validDomains"]);
        Assert.Contains("No --host given", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_colour_icon_is_an_opaque_192_pixel_square_png()
    {
        await RunAsync("--app-id", AppId, "--out", "bot.zip");
        var icon = PngImage.Read(ReadZip(Path.Combine(_directory, "bot.zip"))["color.png"]);

        Assert.Equal((192, 192), (icon.Width, icon.Height));
        Assert.All(Enumerable.Range(0, 192 * 192), i => Assert.Equal(255, icon.Rgba[(i * 4) + 3]));
        var colours = Enumerable.Range(0, 192 * 192).Select(i => (icon.Rgba[i * 4], icon.Rgba[(i * 4) + 1], icon.Rgba[(i * 4) + 2])).ToHashSet();
        Assert.Contains(((byte)0x0B, (byte)0x5C, (byte)0xAD), colours);
        Assert.Contains(((byte)255, (byte)255, (byte)255), colours);
    }

    [Fact]
    public async Task The_outline_icon_is_a_32_pixel_white_drawing_on_a_transparent_background()
    {
        await RunAsync("--app-id", AppId, "--out", "bot.zip");
        var icon = PngImage.Read(ReadZip(Path.Combine(_directory, "bot.zip"))["outline.png"]);

        Assert.Equal((32, 32), (icon.Width, icon.Height));
        var alphas = Enumerable.Range(0, 32 * 32).Select(i => icon.Rgba[(i * 4) + 3]).ToArray();
        Assert.Contains((byte)0, alphas);
        Assert.Contains((byte)255, alphas);
        Assert.Equal(0, icon.Rgba[3]); // the corner is transparent
        Assert.True(alphas.Count(a => a == 0) > 32 * 32 / 2, "most of the outline icon is transparent");
        for (var i = 0; i < 32 * 32; i++)
        {
            if (alphas[i] > 0)
            {
                Assert.Equal((255, 255, 255), (icon.Rgba[i * 4], icon.Rgba[(i * 4) + 1], icon.Rgba[(i * 4) + 2]));
            }
        }
    }

    [Theory]
    [InlineData("not-a-guid", "--app-id must be a GUID")]
    [InlineData("00000000-0000-0000-0000-000000000000", "not the empty GUID")]
    [InlineData("{6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f}", "--app-id must be a GUID")]
    public async Task A_bad_app_id_is_a_usage_error_that_says_what_is_expected(string appId, string message)
    {
        var (code, _, error) = await RunAsync("--app-id", appId, "--out", "bot.zip");

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "bot.zip")));
    }

    [Theory]
    [InlineData(new[] { "--out", "bot.zip" }, "--app-id is required")]
    [InlineData(new[] { "--app-id", AppId }, "--out is required")]
    [InlineData(new[] { "--app-id", AppId, "--out", "bot.zip", "--name", "A name that is far too long for Teams" }, "--name must be 1 to 30 characters")]
    [InlineData(new[] { "--app-id", AppId, "--out", "bot.zip", "--host", "https://bot.example.org/x" }, "--host must be a host name")]
    [InlineData(new[] { "--app-id", AppId, "--out", "bot.zip", "--version", "1.0" }, "--version must be three numbers")]
    [InlineData(new[] { "--app-id", AppId, "--out", "bot.zip", "--colour", "red" }, "unknown option '--colour'")]
    [InlineData(new[] { "--app-id", "--out", "bot.zip" }, "--app-id needs a value")]
    public async Task Bad_options_are_usage_errors_with_a_clear_message(string[] args, string message)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains("usage: teams-package", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_in_a_missing_folder_fails_with_a_clear_error()
    {
        var (code, _, error) = await RunAsync("--app-id", AppId, "--out", "no/such/folder/bot.zip");

        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_that_is_a_directory_fails_with_a_clear_error()
    {
        var (code, _, error) = await RunAsync("--app-id", AppId, "--out", ".");

        Assert.Equal(1, code);
        Assert.Contains("it is a directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unwritable_output_fails_with_a_clear_error_and_leaves_nothing_behind()
    {
        // /proc refuses new files even for root, so this holds on any Linux machine.
        var (code, _, error) = await RunAsync("--app-id", AppId, "--out", "/proc/bot.zip");

        Assert.Equal(1, code);
        Assert.Contains("cannot write /proc/bot.zip", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_png_encoder_output_round_trips_through_a_strict_reader()
    {
        var pixels = new byte[3 * 2 * 4];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 11);
        }

        var image = PngImage.Read(PngEncoder.Encode(3, 2, pixels));

        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal(pixels, image.Rgba);
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32("123456789"u8) ^ 0xFFFFFFFFu);
    }
}
