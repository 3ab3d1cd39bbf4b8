using Bot.Host.Bot;

namespace Bot.Host.Tests.Bot;

/// <summary>The host's conversation memory stays bounded in bytes, whatever ids clients choose (review F15).</summary>
public sealed class ConversationMemoryTests
{
    [Fact]
    public void Six_thousand_turns_with_seven_thousand_character_conversation_ids_keep_only_a_few_megabytes()
    {
        var memory = new ConversationMemory();
        for (var i = 0; i < 6000; i++)
        {
            var id = i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + new string('x', 7000);
            memory.MarkAnswered("emulator", id);
            memory.RememberAnswer("emulator", id, "m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), new SentAnswer(["f1"], "answer"));
        }

        // Unbounded, the keys alone were 6,000 x 2 x 14 KB = 168 MB.
        Assert.InRange(memory.KeyBytes, 1, 3 * 1024 * 1024);
        Assert.False(memory.IsFirstAnswer("emulator", "005999" + new string('x', 7000)));
        Assert.True(memory.IsFirstAnswer("emulator", "005999" + new string('x', 6999) + "y"));
        Assert.NotNull(memory.FindAnswer("emulator", "005999" + new string('x', 7000), "m5999"));
    }

    [Fact]
    public void The_oldest_entries_go_first_when_the_byte_budget_is_reached()
    {
        var memory = new BoundedMemory<bool>(capacity: 1000, maxKeyBytes: 10 * 2 * 100);
        for (var i = 0; i < 20; i++)
        {
            memory.TryAdd(i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + new string('k', 97), true);
        }

        Assert.Equal(10, memory.Count);
        Assert.False(memory.TryGet("000" + new string('k', 97), out _));
        Assert.True(memory.TryGet("019" + new string('k', 97), out _));
    }
}
