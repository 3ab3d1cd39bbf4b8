using System.Security.Cryptography;
using System.Text;
using Bot.DirectLine;
using Microsoft.Extensions.Options;

namespace Bot.Host.WebChat;

/// <summary>
/// Lets <c>POST /v3/directline/tokens/generate</c> reserve a conversation only for the web chat page this host served
/// (its <see cref="PageTokens">page token</see> as <c>Authorization: Bearer</c>) or a server holding
/// <see cref="PageTokenOptions.ServerSecret"/>, as Azure's Direct Line asks its secret (security review F4).
/// </summary>
internal sealed class PageTokenGenerateGuard(PageTokens tokens, IOptions<WebChatOptions> options) : IDirectLineGenerateGuard
{
    public DirectLineRejection? Check(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var settings = options.Value.PageToken;
        if (!settings.Required)
        {
            return null;
        }

        var header = http.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (!string.IsNullOrEmpty(settings.ServerSecret) && bearer is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(bearer), Encoding.UTF8.GetBytes(settings.ServerSecret)))
        {
            return null;
        }

        return tokens.Check(bearer, http.Connection.RemoteIpAddress?.ToString()) switch
        {
            PageTokenCheck.Valid => null,
            PageTokenCheck.Missing => new DirectLineRejection(
                StatusCodes.Status401Unauthorized,
                "PageTokenRequired",
                "This Direct Line gives conversations to the web chat page it serves: send the page's token from GET /webchat/settings (or, from a server, the Direct Line secret) as Authorization: Bearer."),
            PageTokenCheck.Expired => new DirectLineRejection(StatusCodes.Status403Forbidden, "PageTokenExpired", "The page token has expired: reload the page."),
            _ => new DirectLineRejection(StatusCodes.Status403Forbidden, "PageTokenInvalid", "The page token is not valid here (not issued by this site, or to another address): reload the page."),
        };
    }
}
