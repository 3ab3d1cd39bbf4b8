using Bot.Protocol.Diagnostics;

namespace Bot.Protocol.Tests.Hosting;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("msteams", "msteams")]
    [InlineData("a\nb", "a\\u000ab")]
    [InlineData("a\r\ncrit: forged", "a\\u000d\\u000acrit: forged")]
    [InlineData("x\u2028y\u0085z", "x\\u2028y\\u0085z")]
    [InlineData(null, "(none)")]
    public void Wire_values_are_escaped_so_they_cannot_start_a_log_line(string? value, string expected)
    {
        Assert.Equal(expected, LogText.Field(value));
    }

    [Fact]
    public void Long_values_are_cut_and_say_how_long_they_were()
    {
        var logged = LogText.Field(new string('a', 400_000));

        Assert.True(logged.Length < 100, logged);
        Assert.EndsWith("(400000 chars)", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_throttle_lets_a_bounded_number_through_per_period_and_counts_the_rest()
    {
        var clock = new Bot.Testing.ManualTimeProvider(DateTimeOffset.UtcNow);
        var throttle = new LogThrottle(clock, limit: 5, period: TimeSpan.FromMinutes(1));
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        var allowed = Enumerable.Range(0, 1000).Count(_ => throttle.Allow(logger, "test"));
        clock.Advance(TimeSpan.FromMinutes(1));
        var next = throttle.Allow(logger, "test");

        Assert.Equal(5, allowed);
        Assert.Equal(995, throttle.Suppressed);
        Assert.True(next);
    }
}
