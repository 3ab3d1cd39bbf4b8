using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Protocol.Hosting;

/// <summary>
/// Checks <see cref="BotFrameworkOptions"/> at start-up; any failure stops the host with a message that
/// names the key to fix.
/// </summary>
public sealed class BotFrameworkOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (!BotFrameworkOptions.TryParseAppType(options.MicrosoftAppType, out var appType))
        {
            errors.Add($"MicrosoftAppType '{options.MicrosoftAppType}' is not one of MultiTenant, SingleTenant, UserAssignedMSI.");
        }

        var hasPassword = !string.IsNullOrEmpty(options.MicrosoftAppPassword);
        var hasTenant = !string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId);
        if (options.IsAnonymous)
        {
            if (hasPassword)
            {
                errors.Add("MicrosoftAppPassword is set but MicrosoftAppId is empty; set both, or neither for an unauthenticated local bot.");
            }

            if (!environment.IsDevelopment() && !options.AllowUnauthenticated)
            {
                errors.Add(
                    $"MicrosoftAppId is empty, so the bot would accept unauthenticated requests, and the environment is '{environment.EnvironmentName}', not Development. " +
                    "Set MicrosoftAppId (and MicrosoftAppPassword / MicrosoftAppTenantId) for Azure Bot Service, or set AllowUnauthenticated=true to run without authentication on purpose.");
            }
        }
        else
        {
            switch (appType)
            {
                case BotAppType.MultiTenant when !hasPassword:
                    errors.Add("MicrosoftAppType MultiTenant needs MicrosoftAppPassword.");
                    break;
                case BotAppType.SingleTenant when !hasPassword || !hasTenant:
                    errors.Add("MicrosoftAppType SingleTenant needs MicrosoftAppPassword and MicrosoftAppTenantId.");
                    break;
                case BotAppType.UserAssignedMsi when hasPassword || !hasTenant:
                    errors.Add("MicrosoftAppType UserAssignedMSI needs MicrosoftAppTenantId and an empty MicrosoftAppPassword (the managed identity has no secret).");
                    break;
            }
        }

        CheckUrl(errors, "ToBotFromChannelOpenIdMetadataUrl", options.ToBotFromChannelOpenIdMetadataUrl);
        CheckUrl(errors, "ToBotFromEmulatorOpenIdMetadataUrl", options.ToBotFromEmulatorOpenIdMetadataUrl);
        CheckUrl(errors, "ToChannelFromBotLoginUrl", options.EffectiveLoginUrl);
        if (string.IsNullOrWhiteSpace(options.ToBotFromChannelTokenIssuer))
        {
            errors.Add("ToBotFromChannelTokenIssuer must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ToChannelFromBotOAuthScope))
        {
            errors.Add("ToChannelFromBotOAuthScope must not be empty.");
        }

        if (options.ValidateAuthority && Uri.TryCreate(options.EffectiveLoginUrl, UriKind.Absolute, out var login))
        {
            var tenant = login.AbsolutePath.Trim('/');
            if (tenant.Length == 0 || tenant.Contains('/', StringComparison.Ordinal))
            {
                errors.Add($"ToChannelFromBotLoginUrl '{options.EffectiveLoginUrl}' must be an authority with one tenant segment (e.g. https://login.microsoftonline.com/botframework.com); set ValidateAuthority=false for a custom identity provider.");
            }
            else if (appType == BotAppType.SingleTenant && hasTenant && !options.IsAnonymous
                     && !string.Equals(tenant, options.MicrosoftAppTenantId!.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"ToChannelFromBotLoginUrl names tenant '{tenant}' but MicrosoftAppTenantId is '{options.MicrosoftAppTenantId}'.");
            }
        }

        foreach (var entry in options.TrustedServiceUrls)
        {
            if (entry.StartsWith("*.", StringComparison.Ordinal))
            {
                if (entry.Length < 4 || entry.Contains('/', StringComparison.Ordinal))
                {
                    errors.Add($"TrustedServiceUrls entry '{entry}' must be a URL or a host pattern like *.botframework.com.");
                }
            }
            else
            {
                CheckUrl(errors, "TrustedServiceUrls", entry);
            }
        }

        if (options.MaxActivityBytes < 1024)
        {
            errors.Add("MaxActivityBytes must be at least 1024.");
        }

        if (options.MaxJsonDepth is < 8 or > 256)
        {
            errors.Add("MaxJsonDepth must be between 8 and 256.");
        }

        var c = options.Connector;
        if (c.MaxAttempts is < 1 or > 10)
        {
            errors.Add("Connector:MaxAttempts must be between 1 and 10.");
        }

        if (c.AttemptTimeout <= TimeSpan.Zero || c.CallTimeout <= TimeSpan.Zero || c.RetryBaseDelay < TimeSpan.Zero || c.MaxRetryDelay < c.RetryBaseDelay)
        {
            errors.Add("Connector timeouts must be positive and Connector:MaxRetryDelay at least Connector:RetryBaseDelay.");
        }

        if (options.OpenIdMinimumRefreshInterval < TimeSpan.Zero || options.OpenIdRefreshInterval <= TimeSpan.Zero)
        {
            errors.Add("OpenIdMinimumRefreshInterval must not be negative and OpenIdRefreshInterval must be positive.");
        }

        if (options.OpenIdFetchTimeout <= TimeSpan.Zero || options.OpenIdFetchTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add("OpenIdFetchTimeout must be above 0 and at most 1 minute.");
        }

        if (options.OpenIdFailureBackoff <= TimeSpan.Zero || options.OpenIdFailureBackoff > TimeSpan.FromMinutes(5))
        {
            errors.Add("OpenIdFailureBackoff must be above 0 and at most 5 minutes.");
        }

        if (c.MaxConcurrentCalls is < 1 or > 100_000)
        {
            errors.Add("Connector:MaxConcurrentCalls must be between 1 and 100000.");
        }

        var t = options.Turns;
        if (t.Timeout <= TimeSpan.Zero || t.Timeout > TimeSpan.FromMinutes(5))
        {
            errors.Add("Turns:Timeout must be above 0 and at most 5 minutes (channels give up after about 15 seconds).");
        }

        if (t.MaxConcurrent is < 1 or > 100_000)
        {
            errors.Add("Turns:MaxConcurrent must be between 1 and 100000.");
        }

        if (t.RetryAfter < TimeSpan.FromSeconds(1) || t.RetryAfter > TimeSpan.FromMinutes(10))
        {
            errors.Add("Turns:RetryAfter must be between 1 second and 10 minutes.");
        }

        if (t.DuplicateWindow < TimeSpan.Zero || t.DuplicateWindow > TimeSpan.FromDays(1) || t.MaxRememberedActivities is < 0 or > 10_000_000)
        {
            errors.Add("Turns:DuplicateWindow must be between 0 and 1 day and Turns:MaxRememberedActivities between 0 and 10000000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>An absolute https URL, or http for a loopback host only (a token or key fetched over plain http could be forged).</summary>
    internal static bool IsSecureOrLoopback(Uri uri) =>
        string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase)
        || (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && IsLoopback(uri));

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static void CheckUrl(List<string> errors, string key, string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            errors.Add($"{key} '{value}' is not an absolute URL.");
        }
        else if (!IsSecureOrLoopback(uri))
        {
            errors.Add($"{key} '{value}' must use https (http is accepted only for loopback addresses such as 127.0.0.1 or localhost).");
        }
    }
}
