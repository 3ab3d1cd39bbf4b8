using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

/// <summary>
/// The channel's own Connector base URL, the <c>serviceUrl</c> of every activity it sends the bot. Derived
/// from the address Kestrel listens on (a loopback URL, so the bot's replies never leave the machine) unless
/// <see cref="DirectLineOptions.ServiceUrl"/> sets it.
/// </summary>
public sealed class DirectLineServiceUrl
{
    /// <summary>Where the Connector-style endpoints live; the bot appends <c>v3/conversations/...</c>.</summary>
    public const string ConnectorBasePath = "/v3/directline-connector/";

    private readonly IServer _server;
    private readonly DirectLineOptions _options;
    private Uri? _value;

    public DirectLineServiceUrl(IServer server, IOptions<DirectLineOptions> options)
    {
        _server = server;
        _options = options.Value;
    }

    /// <summary>The URL, ending in a slash. Throws when the server has no address yet and none is configured.</summary>
    public Uri Value => _value ??= Resolve();

    private Uri Resolve()
    {
        if (!string.IsNullOrEmpty(_options.ServiceUrl))
        {
            var configured = _options.ServiceUrl.EndsWith('/') ? _options.ServiceUrl : _options.ServiceUrl + "/";
            return new Uri(configured, UriKind.Absolute);
        }

        var addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                "The Direct Line channel cannot tell its own address (the server lists none). Set DirectLine:ServiceUrl.");
        return FromListenAddress(address);
    }

    /// <summary>Turns a Kestrel listen address (<c>http://+:3978</c>, <c>http://[::]:80</c>, ...) into a loopback Connector URL.</summary>
    internal static Uri FromListenAddress(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        var scheme = address[..schemeEnd].ToLowerInvariant();
        var rest = address[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var hostPort = slash < 0 ? rest : rest[..slash];
        var colon = hostPort.LastIndexOf(':');
        var port = colon >= 0 && !hostPort.EndsWith(']') ? hostPort[(colon + 1)..] : (scheme == "https" ? "443" : "80");
        var host = colon >= 0 && !hostPort.EndsWith(']') ? hostPort[..colon] : hostPort;
        host = host switch
        {
            "+" or "*" or "0.0.0.0" or "localhost" => "127.0.0.1",
            "[::]" => "[::1]",
            _ => host,
        };
        return new Uri($"{scheme}://{host}:{port}{ConnectorBasePath}", UriKind.Absolute);
    }
}
