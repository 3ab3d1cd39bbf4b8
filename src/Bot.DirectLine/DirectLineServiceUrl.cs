using System.Security.Cryptography;
using System.Text;

namespace Bot.DirectLine;

/// <summary>
/// The channel's <c>serviceUrl</c>, stamped on every activity it hands the bot. The bot's replies to it never
/// travel over HTTP: the host's Connector client hands them to <see cref="DirectLineConnector"/> in-process.
/// The URL carries 256 random bits made at start-up that only this process knows (and that no client ever sees:
/// the history keeps no <c>serviceUrl</c>), so nobody can name it on another channel to inject bot-authored
/// content into a Direct Line conversation, and the listening address (loopback or not) plays no part.
/// </summary>
public sealed class DirectLineServiceUrl
{
    private readonly byte[] _prefix;

    public DirectLineServiceUrl()
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        Value = new Uri("https://directline.invalid/connector/" + secret + "/", UriKind.Absolute);
        _prefix = Encoding.ASCII.GetBytes(Value.AbsoluteUri);
    }

    /// <summary>The URL, ending in a slash.</summary>
    public Uri Value { get; }

    /// <summary>True when <paramref name="serviceUrl"/> is this channel's URL (compared in constant time).</summary>
    public bool Owns(Uri? serviceUrl)
    {
        if (serviceUrl is null || !serviceUrl.IsAbsoluteUri)
        {
            return false;
        }

        var candidate = Encoding.ASCII.GetBytes(serviceUrl.AbsoluteUri);
        return candidate.Length >= _prefix.Length && CryptographicOperations.FixedTimeEquals(candidate.AsSpan(0, _prefix.Length), _prefix);
    }
}
