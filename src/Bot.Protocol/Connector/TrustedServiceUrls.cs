using System.Collections.Concurrent;
using Bot.Protocol.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Protocol.Connector;

/// <summary>
/// Connector endpoints served by this same process (the self-hosted Direct Line's
/// <c>/v3/conversations/...</c> routes). Replies to a service URL registered here are sent with
/// <b>no</b> bearer token and no token fetch, in anonymous and in authenticated mode alike: the
/// endpoint is this process, so there is nothing to prove and no secret to expose.
/// </summary>
/// <remarks>
/// Register the base URL the in-process channel puts in <c>activity.serviceUrl</c>, e.g.
/// <c>trusted.Add(new Uri("http://localhost:3978/"))</c> at start-up (or when the listening address is known).
/// A registered URL matches every service URL that starts with it (compared without case, with a trailing slash).
/// Singleton; thread-safe.
/// </remarks>
public interface ITrustedServiceUrls
{
    /// <summary>Registers an in-process Connector base URL (absolute http or https).</summary>
    void Add(Uri serviceUrl);

    /// <summary>True when <paramref name="serviceUrl"/> is (under) a registered in-process base URL.</summary>
    bool Contains(Uri serviceUrl);
}

/// <summary>The default <see cref="ITrustedServiceUrls"/>.</summary>
public sealed class TrustedServiceUrls : ITrustedServiceUrls
{
    private readonly ConcurrentDictionary<string, byte> _prefixes = new(StringComparer.OrdinalIgnoreCase);

    public void Add(Uri serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        if (!serviceUrl.IsAbsoluteUri || (serviceUrl.Scheme != Uri.UriSchemeHttp && serviceUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("A trusted service URL must be an absolute http(s) URL.", nameof(serviceUrl));
        }

        _prefixes[ServiceUrlTrust.Normalize(serviceUrl)] = 0;
    }

    public bool Contains(Uri serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var normalized = ServiceUrlTrust.Normalize(serviceUrl);
        return _prefixes.Keys.Any(p => normalized.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>
/// The service URLs that arrived on authenticated activities (the <c>serviceurl</c> claim matched, or an Emulator
/// token), which the bot may post to with its token. Held by this process by default
/// (<see cref="AuthenticatedServiceUrls"/>); several instances share them through a store (the host's Redis one),
/// so a reply or a proactive message sent by another instance than the one the activity reached is not refused.
/// Both calls are on the Connector's path and must not wait on a network: a shared store keeps a local copy.
/// </summary>
public interface IAuthenticatedServiceUrls
{
    /// <summary>Remembers <paramref name="normalizedUrl"/> (<c>scheme://host:port/path/</c>).</summary>
    void Remember(string normalizedUrl);

    /// <summary>True when <paramref name="normalizedUrl"/> was remembered (here, or by another instance).</summary>
    bool Contains(string normalizedUrl);
}

/// <summary>The default <see cref="IAuthenticatedServiceUrls"/>: this process only, at most <see cref="MaxRemembered"/> URLs.</summary>
public sealed class AuthenticatedServiceUrls : IAuthenticatedServiceUrls
{
    /// <summary>Beyond this many URLs the set starts over (a channel's URL comes back with its next activity).</summary>
    public const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, byte> _urls = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds the URL; true when it was not known yet.</summary>
    public bool Add(string normalizedUrl)
    {
        ArgumentNullException.ThrowIfNull(normalizedUrl);
        if (_urls.ContainsKey(normalizedUrl))
        {
            return false;
        }

        if (_urls.Count >= MaxRemembered)
        {
            _urls.Clear();
        }

        return _urls.TryAdd(normalizedUrl, 0);
    }

    public void Remember(string normalizedUrl) => Add(normalizedUrl);

    public bool Contains(string normalizedUrl) => _urls.ContainsKey(normalizedUrl);
}

/// <summary>What a Connector call to a service URL may carry.</summary>
public enum OutboundCredential
{
    /// <summary>No token: anonymous mode or an in-process endpoint.</summary>
    None,

    /// <summary>The bot's bearer token.</summary>
    BotToken,

    /// <summary>Not trusted: nothing is sent there at all (server-side request forgery guard).</summary>
    Untrusted,
}

/// <summary>
/// Decides where the bot may post and which service URLs get its token (protocol.md pitfall 2, and a
/// server-side request forgery guard):
/// <list type="bullet">
/// <item>in-process endpoints (<see cref="ITrustedServiceUrls"/>): posted to, without a token;</item>
/// <item>authenticated mode: service URLs that arrived on an authenticated activity (the <c>serviceurl</c>
/// claim matched, or an Emulator token) or match <see cref="BotFrameworkOptions.TrustedServiceUrls"/> get the
/// token; any other gets <b>no call at all</b>;</item>
/// <item>anonymous mode: loopback addresses and <see cref="BotFrameworkOptions.TrustedServiceUrls"/> are posted
/// to without a token; any other gets no call at all.</item>
/// </list>
/// </summary>
public sealed class ServiceUrlTrust
{
    private readonly BotFrameworkOptions _options;
    private readonly ITrustedServiceUrls _inProcess;
    private readonly IAuthenticatedServiceUrls _authenticated;

    public ServiceUrlTrust(IOptions<BotFrameworkOptions> options, ITrustedServiceUrls inProcess)
        : this(options, inProcess, new AuthenticatedServiceUrls())
    {
    }

    public ServiceUrlTrust(IOptions<BotFrameworkOptions> options, ITrustedServiceUrls inProcess, IAuthenticatedServiceUrls authenticated)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _inProcess = inProcess;
        _authenticated = authenticated;
    }

    /// <summary>Remembers a service URL that came on an authenticated activity.</summary>
    public void MarkAuthenticated(Uri serviceUrl) => _authenticated.Remember(Normalize(serviceUrl));

    public OutboundCredential Decide(Uri serviceUrl)
    {
        if (_inProcess.Contains(serviceUrl))
        {
            return OutboundCredential.None;
        }

        var normalized = Normalize(serviceUrl);
        if (_options.IsAnonymous)
        {
            return BotFrameworkOptionsValidator.IsLoopback(serviceUrl) || IsConfigured(serviceUrl, normalized)
                ? OutboundCredential.None
                : OutboundCredential.Untrusted;
        }

        if (_authenticated.Contains(normalized) || IsConfigured(serviceUrl, normalized))
        {
            return OutboundCredential.BotToken;
        }

        return OutboundCredential.Untrusted;
    }

    private bool IsConfigured(Uri serviceUrl, string normalized)
    {
        foreach (var entry in _options.TrustedServiceUrls)
        {
            if (entry.StartsWith("*.", StringComparison.Ordinal))
            {
                if (serviceUrl.Scheme == Uri.UriSchemeHttps
                    && serviceUrl.Host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (Uri.TryCreate(entry, UriKind.Absolute, out var prefix)
                     && normalized.StartsWith(Normalize(prefix), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>scheme://host:port/path/ with a trailing slash, no query or fragment.</summary>
    /// <param name="uri">An absolute URL.</param>
    public static string Normalize(Uri uri)
    {
        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return uri.GetLeftPart(UriPartial.Authority) + path;
    }
}
