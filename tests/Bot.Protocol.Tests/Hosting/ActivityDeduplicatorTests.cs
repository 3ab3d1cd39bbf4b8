using Bot.Protocol.Hosting;
using Bot.Testing;

namespace Bot.Protocol.Tests.Hosting;

public sealed class ActivityDeduplicatorTests
{
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private MemoryActivityDeduplicator Create(int max = 100)
    {
        var options = new BotFrameworkOptions();
        options.Turns.MaxRememberedActivities = max;
        return new MemoryActivityDeduplicator(TestOptions.Wrap(options), _clock);
    }

    [Fact]
    public async Task A_repeat_within_the_window_is_refused_and_allowed_again_after_it()
    {
        var store = Create();

        Assert.True(await store.TryBeginAsync("msteams\na:1\nm1", TimeSpan.FromMinutes(10), default));
        Assert.False(await store.TryBeginAsync("msteams\na:1\nm1", TimeSpan.FromMinutes(10), default));
        Assert.True(await store.TryBeginAsync("msteams\na:1\nm2", TimeSpan.FromMinutes(10), default));

        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.True(await store.TryBeginAsync("msteams\na:1\nm1", TimeSpan.FromMinutes(10), default));
    }

    [Fact]
    public async Task The_store_is_bounded_in_count_and_in_bytes_whatever_the_ids_length()
    {
        var store = Create(max: 100);
        var longId = new string('x', 100_000);

        for (var i = 0; i < 1000; i++)
        {
            Assert.True(await store.TryBeginAsync(longId + i.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMinutes(10), default));
        }

        Assert.InRange(store.Count, 1, 100);
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_activity_start_one_turn()
    {
        var store = Create();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => store.TryBeginAsync("k", TimeSpan.FromMinutes(1), default).AsTask())));

        Assert.Equal(1, results.Count(r => r));
    }
}
