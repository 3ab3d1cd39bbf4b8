using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Bot.Host.WebChat;

/// <summary>What <see cref="PageTokens.Check"/> found.</summary>
public enum PageTokenCheck
{
    Valid,
    Missing,
    Invalid,
    Expired,
}

/// <summary>
/// The signed, short-lived page token (security review F4). The page this host serves gets one in
/// <c>GET /webchat/settings</c> and sends it as <c>Authorization: Bearer</c> to
/// <c>POST /v3/directline/tokens/generate</c>. It is the expiry and an HMAC-SHA256 over the expiry and the client
/// address, with a key only this process (or the configured instances) knows: it carries nothing secret, cannot be
/// made without the key, stops working after <see cref="PageTokenOptions.Lifetime"/>, and works only from the address
/// it was issued to. A page on another origin cannot read the settings (no CORS there), so it cannot make its
/// visitors' browsers open conversations here; a token fetched by a server is useless from any other address.
/// </summary>
public sealed class PageTokens
{
    private const string Prefix = "pt1.";
    private const int SignatureBytes = 32;
    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public PageTokens(IOptions<WebChatOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value.PageToken;
        _key = string.IsNullOrEmpty(settings.Key) ? RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(settings.Key);
        _lifetime = settings.Lifetime;
        _time = time;
    }

    /// <summary>A new token for a page shown to <paramref name="clientAddress"/>.</summary>
    public string Issue(string? clientAddress)
    {
        var expires = _time.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds();
        var payload = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(payload, expires);
        return Prefix + Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Sign(expires, clientAddress));
    }

    /// <summary>Whether <paramref name="token"/> was issued by this key to <paramref name="clientAddress"/> and is still valid.</summary>
    public PageTokenCheck Check(string? token, string? clientAddress)
    {
        if (string.IsNullOrEmpty(token))
        {
            return PageTokenCheck.Missing;
        }

        if (token.Length > 200 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return PageTokenCheck.Invalid;
        }

        var parts = token[Prefix.Length..].Split('.');
        if (parts.Length != 2
            || !TryDecode(parts[0], 8, out var payload)
            || !TryDecode(parts[1], SignatureBytes, out var signature))
        {
            return PageTokenCheck.Invalid;
        }

        var expires = BinaryPrimitives.ReadInt64BigEndian(payload);
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(expires, clientAddress)))
        {
            return PageTokenCheck.Invalid;
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return now >= expires ? PageTokenCheck.Expired : PageTokenCheck.Valid;
    }

    private byte[] Sign(long expires, string? clientAddress) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"hfs-page-token|{expires}|{clientAddress ?? "-"}")));

    private static bool TryDecode(string text, int length, out byte[] bytes)
    {
        bytes = new byte[length];
        return Base64Url.TryDecodeFromChars(text, bytes, out var written) && written == length;
    }
}
