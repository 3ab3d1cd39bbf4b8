using Bot.Host.WebChat;
using Microsoft.Extensions.Options;

namespace Bot.Host.Tests.WebChat;

/// <summary>The signed page token on its own: issued for one address, valid for minutes, impossible to forge without the key.</summary>
public sealed class PageTokensTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private const string Key = "q2a3Yk1qcW5Yb0dLcnJ5cXJrWmNwU0tJQ2RmR3RzZm8=";

    private static PageTokens Tokens(TimeProvider time, string? key = Key, TimeSpan? lifetime = null) =>
        new(Options.Create(new WebChatOptions { PageToken = new PageTokenOptions { Key = key, Lifetime = lifetime ?? TimeSpan.FromMinutes(10) } }), time);

    [Fact]
    public void A_token_is_valid_from_the_address_it_was_issued_to_until_it_expires()
    {
        var time = new ManualTime();
        var tokens = Tokens(time);
        var token = tokens.Issue("203.0.113.7");

        Assert.Equal(PageTokenCheck.Valid, tokens.Check(token, "203.0.113.7"));
        time.Now += TimeSpan.FromMinutes(9);
        Assert.Equal(PageTokenCheck.Valid, tokens.Check(token, "203.0.113.7"));
        time.Now += TimeSpan.FromMinutes(1);
        Assert.Equal(PageTokenCheck.Expired, tokens.Check(token, "203.0.113.7"));
    }

    [Fact]
    public void A_token_from_another_address_another_key_or_with_a_changed_expiry_is_invalid()
    {
        var time = new ManualTime();
        var tokens = Tokens(time);
        var token = tokens.Issue("203.0.113.7");
        var otherKey = Tokens(time, key: null).Issue("203.0.113.7");
        var parts = token.Split('.');
        var laterExpiry = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(laterExpiry, time.Now.AddDays(30).ToUnixTimeSeconds());
        var stretched = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(laterExpiry) + "." + parts[2];

        Assert.Equal(PageTokenCheck.Invalid, tokens.Check(token, "198.51.100.9"));
        Assert.Equal(PageTokenCheck.Invalid, tokens.Check(otherKey, "203.0.113.7"));
        Assert.Equal(PageTokenCheck.Invalid, tokens.Check(stretched, "203.0.113.7"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("pt1.")]
    [InlineData("pt1.AAAAAAAAAAA.BBBB")]
    [InlineData("pt1.AAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.x")]
    public void Malformed_tokens_are_invalid_and_an_empty_one_is_missing(string token)
    {
        var tokens = Tokens(new ManualTime());

        Assert.Equal(PageTokenCheck.Invalid, tokens.Check(token, "203.0.113.7"));
        Assert.Equal(PageTokenCheck.Missing, tokens.Check("", "203.0.113.7"));
        Assert.Equal(PageTokenCheck.Missing, tokens.Check(null, "203.0.113.7"));
    }

    [Fact]
    public void Two_processes_with_the_same_configured_key_accept_each_others_tokens()
    {
        var time = new ManualTime();

        Assert.Equal(PageTokenCheck.Valid, Tokens(time).Check(Tokens(time).Issue("203.0.113.7"), "203.0.113.7"));
        Assert.Equal(PageTokenCheck.Invalid, Tokens(time, key: null).Check(Tokens(time, key: null).Issue("203.0.113.7"), "203.0.113.7"));
    }
}
