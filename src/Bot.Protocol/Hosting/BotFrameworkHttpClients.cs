namespace Bot.Protocol.Hosting;

/// <summary>Names of the <see cref="System.Net.Http.IHttpClientFactory"/> clients the protocol uses (tests replace their handlers).</summary>
public static class BotFrameworkHttpClients
{
    /// <summary>Outbound activities to the channel's Connector service.</summary>
    public const string Connector = "BotFramework.Connector";

    /// <summary>The bot's own token (client credentials or managed identity).</summary>
    public const string Login = "BotFramework.Login";

    /// <summary>OpenID metadata and signing keys for inbound tokens.</summary>
    public const string OpenId = "BotFramework.OpenId";
}
