using Microsoft.Extensions.Options;

namespace Bot.Host.Security;

/// <summary>
/// Response security headers (configuration section <c>Security</c>). The content security policy allows
/// only this host's own scripts, styles, images and fonts, and connections to this host (its Direct Line,
/// over http(s) and ws(s)) plus the origins listed in <see cref="ConnectSources"/> (for example an Azure
/// Direct Line domain the page is configured to use).
/// </summary>
public sealed class SecurityHeadersOptions
{
    public const string SectionName = "Security";

    /// <summary>Extra origins the page may connect to (CSP <c>connect-src</c>), e.g. <c>https://directline.botframework.com</c> and <c>wss://directline.botframework.com</c>.</summary>
    public IList<string> ConnectSources { get; set; } = [];

    /// <summary>Send <c>Strict-Transport-Security</c> on https responses.</summary>
    public bool Hsts { get; set; } = true;
}

internal sealed class SecurityHeadersOptionsValidator : IValidateOptions<SecurityHeadersOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityHeadersOptions options)
    {
        var errors = new List<string>();
        foreach (var source in options.ConnectSources)
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("https" or "wss" or "http" or "ws")
                || source.IndexOfAny([' ', ';', ',', '\'', '"']) >= 0
                || uri.PathAndQuery != "/")
            {
                errors.Add($"Security:ConnectSources: '{source}' must be an origin such as https://directline.botframework.com (scheme and host, no path).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
