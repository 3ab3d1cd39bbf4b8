using Bot.Host.Tests.Browser;
using Bot.Host.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bot.Host.Tests.Reliability;

/// <summary>
/// The web page in real Chromium under its security headers: Web Chat works within the content security
/// policy (no violation at all), and a bot reply carrying the user's script and markup is shown as text,
/// never run. The predictable engine echoes the question, which is what makes the reply hostile.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WebPageSecurityBrowserTests(BrowserFixture fixture) : IAsyncLifetime
{
    private const string BotActivity = ".webchat__stacked-layout:not(.webchat__stacked-layout--from-user)";
    private const string SendBox = "[data-id='webchat-sendbox-input']";
    private readonly WebChatHost _host = new(new FakeAnswerEngine());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_chat_works_under_the_content_security_policy_and_a_reply_with_script_is_shown_not_run()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _host.RootUri.AbsoluteUri });
        await context.AddInitScriptAsync(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
        var page = await context.NewPageAsync();
        var cspConsole = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                cspConsole.Add(message.Text);
            }
        };
        try
        {
            var response = await page.GotoAsync("/");
            var csp = await response!.HeaderValueAsync("content-security-policy");
            await Expect(page.Locator(BotActivity).First).ToContainTextAsync("Welcome to the test bot.", new() { Timeout = 20_000 });

            var box = page.Locator(SendBox);
            await box.FillAsync("<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"><b id=injected>bold</b> what is it");
            await box.PressAsync("Enter");
            var reply = page.Locator(BotActivity).Last;
            await Expect(reply).ToContainTextAsync("Answer to:", new() { Timeout = 20_000 });

            var ran = await page.EvaluateAsync<bool>("() => window.__xss !== undefined");
            var injected = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#chat img[src=\"x\"], #chat script, #injected')].map(e => e.outerHTML + (e.closest('.webchat__stacked-layout--from-user') ? ' in the user bubble' : ' in a bot activity'))");
            var violations = await page.EvaluateAsync<string[]>("() => window.__csp");

            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.False(ran, "the script in the reply ran");
            Assert.Empty(injected);
            Assert.Empty(violations);
            Assert.Empty(cspConsole);
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "reliability-csp-script-reply.png"), FullPage = true });
            await context.CloseAsync();
        }
    }
}
