using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bot.DirectLine.State;

/// <summary>What a signed token says: its kind, conversation, expiry, issue number and a random nonce.</summary>
/// <param name="IsStream">A stream token (single use, in a <c>streamUrl</c>) rather than a conversation token.</param>
/// <param name="ConversationId">The one conversation it grants.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="Number">The conversation's token counter when it was issued: only the newest few are accepted.</param>
/// <param name="Nonce">128 random bits: what a redeemed stream token is remembered by.</param>
internal sealed record SignedToken(bool IsStream, string ConversationId, DateTimeOffset ExpiresAt, long Number, string Nonce);

/// <summary>
/// Tokens any instance can check without a token table: <c>payload.mac</c>, both base64url, the MAC an
/// HMAC-SHA256 of the payload under <see cref="DirectLineOptions.TokenSigningKey"/>, compared in constant time.
/// </summary>
internal sealed class SignedTokens
{
    private const string Version = "v1";
    private readonly byte[] _key;

    public SignedTokens(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"The token signing key must be at least {MinKeyBytes} bytes.", nameof(key));
        }

        _key = key;
    }

    public const int MinKeyBytes = 32;

    /// <summary>The key from its base64 text; null when it is not valid base64 of at least <see cref="MinKeyBytes"/> bytes.</summary>
    public static byte[]? ParseKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written >= MinKeyBytes ? buffer[..written] : null;
    }

    public string Sign(SignedToken token)
    {
        var payload = string.Join('|', Version, token.IsStream ? "s" : "c", token.ConversationId,
            token.ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            token.Number.ToString(CultureInfo.InvariantCulture), token.Nonce);
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url(bytes) + "." + Base64Url(HMACSHA256.HashData(_key, bytes));
    }

    /// <summary>The token's claims when its MAC is right and it parses; null otherwise (expiry is the caller's to check).</summary>
    public SignedToken? Read(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 512)
        {
            return null;
        }

        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || FromBase64Url(value[..dot]) is not { } payload || FromBase64Url(value[(dot + 1)..]) is not { } mac)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, payload)))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 6 || parts[0] != Version || parts[1] is not ("c" or "s")
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        return new SignedToken(parts[1] == "s", parts[2], DateTimeOffset.FromUnixTimeMilliseconds(expires), number, parts[5]);
    }

    public static string NewNonce() => Base64Url(RandomNumberGenerator.GetBytes(16));

    internal static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        var buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out var written) ? buffer[..written] : null;
    }
}
