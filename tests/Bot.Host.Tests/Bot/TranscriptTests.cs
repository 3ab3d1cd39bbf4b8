using Bot.Host.Tests.Support;

namespace Bot.Host.Tests.Bot;

/// <summary>Emulator transcripts (tests/Bot.Host.Tests/Transcripts) replayed against the host with the predictable engine.</summary>
public sealed class TranscriptTests
{
    public static TheoryData<string> Transcripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Transcripts"), "*.transcript").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task A_recorded_conversation_replays_with_the_same_bot_replies(string transcript)
    {
        using var host = new BotHost();

        var differences = await TranscriptReplayer.ReplayAsync(host, Path.Combine(AppContext.BaseDirectory, "Transcripts", transcript));

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void The_replayer_accepts_both_transcript_shapes()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.transcript"), """[{"type":"message","text":"hi"}]""");
            File.WriteAllText(Path.Combine(dir.FullName, "b.transcript"), """{"transcript":[{"type":"message","text":"hi"}]}""");

            Assert.Single(TranscriptReplayer.Load(Path.Combine(dir.FullName, "a.transcript")));
            Assert.Single(TranscriptReplayer.Load(Path.Combine(dir.FullName, "b.transcript")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_transcript_whose_bot_replies_differ_is_reported()
    {
        var file = Path.Combine(Path.GetTempPath(), "changed-" + Guid.NewGuid().ToString("N") + ".transcript");
        await File.WriteAllTextAsync(file, """
            [
              {"type":"message","id":"u1","channelId":"emulator","conversation":{"id":"c|livechat"},"from":{"id":"user","role":"user"},"recipient":{"id":"bot","role":"bot"},"text":"hello"},
              {"type":"message","from":{"id":"bot","role":"bot"},"text":"Something the bot never says."}
            ]
            """);
        try
        {
            using var host = new BotHost();

            var differences = await TranscriptReplayer.ReplayAsync(host, file);

            Assert.Contains(differences, d => d.Contains("Something the bot never says.", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
