using System.Text.RegularExpressions;
using Bot.Host.Answers;
using Bot.Knowledge.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bot.Host.Tests.Browser;

/// <summary>
/// The web chat page in real Chromium, talking to the real bot through the self-hosted Direct Line. Each test
/// saves a screenshot under TestResults/screenshots in the test output directory.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WebChatPageTests
{
    private const string BotActivity = ".webchat__stacked-layout:not(.webchat__stacked-layout--from-user)";
    private const string UserActivity = ".webchat__stacked-layout--from-user";
    private const string SendBox = "[data-id='webchat-sendbox-input']";
    private const string SuggestedAction = ".webchat__suggested-action";

    private readonly BrowserFixture _fixture;

    public WebChatPageTests(BrowserFixture fixture) => _fixture = fixture;

    /// <summary>A fixed text of the running bot (knowledge/safety/texts.yaml), as plain words to look for on the page.</summary>
    private async Task<string> BotTextAsync(string key)
    {
        var knowledge = await _fixture.Host.Services.GetRequiredService<IAnswerEngineSource>().GetAsync(CancellationToken.None);
        var words = MarkdownNoise().Replace(knowledge.Texts[key], " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(6));
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    private static async Task AskAsync(IPage page, string question)
    {
        var box = page.Locator(SendBox);
        await box.FillAsync(question);
        await box.PressAsync("Enter");
    }

    /// <summary>Waits until the transcript has more than <paramref name="before"/> bot activities and returns the newest one.</summary>
    private static async Task<ILocator> NextBotActivityAsync(IPage page, int before)
    {
        var bot = page.Locator(BotActivity);
        await Expect(bot).Not.ToHaveCountAsync(before, new() { Timeout = 20_000 });
        var last = bot.Last;
        await Expect(last).ToBeVisibleAsync();
        return last;
    }

    /// <summary>
    /// The URL of the answer's first cited source: a link in the text, or the card's "[n] title" button (an
    /// Action.OpenUrl), which is clicked and whose new tab is read (other origins are answered locally, never fetched).
    /// </summary>
    private static async Task<string> FirstSourceUrlAsync(IPage page, ILocator answer)
    {
        var link = answer.Locator("a[href^='https://']");
        if (await link.CountAsync() > 0)
        {
            return (await link.First.GetAttributeAsync("href"))!;
        }

        var button = answer.Locator("button", new() { HasTextRegex = SourceTitle() }).First;
        await Expect(button).ToBeVisibleAsync();
        var tab = await page.Context.RunAndWaitForPageAsync(() => button.ClickAsync());
        var url = tab.Url;
        await tab.CloseAsync();
        return url;
    }

    private static async Task WaitForWelcomeAsync(IPage page, string welcome)
    {
        await Expect(page.Locator(BotActivity).First).ToContainTextAsync(welcome, new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task Opening_the_page_shows_the_welcome_and_the_disclaimer_before_the_user_types()
    {
        var page = await _fixture.OpenChatAsync();
        try
        {
            await Expect(page).ToHaveTitleAsync(new Regex("Hemifacial spasm", RegexOptions.IgnoreCase));
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            await Expect(page.Locator(BotActivity)).ToContainTextAsync([await BotTextAsync(TextKeys.Disclaimer)]);
            await Expect(page.Locator(UserActivity)).ToHaveCountAsync(0);
            await Expect(page.Locator("#chat-status")).ToContainTextAsync("Connected");
            await Expect(page.Locator("footer")).ToContainTextAsync("not a diagnosis");
            await Expect(page.Locator("main")).ToHaveCountAsync(1);
            await Expect(page.Locator("header h1")).ToHaveCountAsync(1);
            await Expect(page.Locator(SendBox)).ToBeEditableAsync();
        }
        finally
        {
            await ScreenshotAsync(page, "01-welcome");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_question_gets_an_answer_with_a_source_link_neurologist_advice_and_working_feedback_buttons()
    {
        var page = await _fixture.OpenChatAsync();
        try
        {
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            var before = await page.Locator(BotActivity).CountAsync();

            await AskAsync(page, "What is hemifacial spasm?");

            await Expect(page.Locator(UserActivity).Last).ToContainTextAsync("What is hemifacial spasm?");
            var answer = await NextBotActivityAsync(page, before);
            await Expect(answer).ToContainTextAsync(new Regex("neurologist", RegexOptions.IgnoreCase));
            Assert.StartsWith("https://", await FirstSourceUrlAsync(page, answer), StringComparison.Ordinal);
            await Expect(answer.Locator(".ac-adaptiveCard")).ToHaveCountAsync(1);
            await Expect(page.Locator(SuggestedAction).First).ToBeVisibleAsync();
            await ScreenshotAsync(page, "02-answer");

            var helpful = answer.Locator("button", new() { HasTextRegex = new Regex("^\\W*helpful", RegexOptions.IgnoreCase) }).First;
            await Expect(helpful).ToBeVisibleAsync();
            var beforeFeedback = await page.Locator(BotActivity).CountAsync();
            await helpful.ClickAsync();
            var thanks = await NextBotActivityAsync(page, beforeFeedback);
            await Expect(thanks).ToContainTextAsync(global::Bot.Host.Bot.HemifacialSpasmBot.FeedbackThanks);
        }
        finally
        {
            await ScreenshotAsync(page, "02-answer-feedback");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Clicking_a_suggested_action_asks_it_and_shows_its_answer()
    {
        var page = await _fixture.OpenChatAsync();
        try
        {
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            await AskAsync(page, "What is hemifacial spasm?");
            var suggestion = page.Locator(SuggestedAction).First;
            await Expect(suggestion).ToBeVisibleAsync(new() { Timeout = 20_000 });
            var title = (await suggestion.InnerTextAsync()).Trim();
            var before = await page.Locator(BotActivity).CountAsync();

            await suggestion.ClickAsync();

            await Expect(page.Locator(UserActivity).Last).ToContainTextAsync(title);
            var answer = await NextBotActivityAsync(page, before);
            Assert.StartsWith("https://", await FirstSourceUrlAsync(page, answer), StringComparison.Ordinal);
        }
        finally
        {
            await ScreenshotAsync(page, "03-suggested-action");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task An_emergency_message_gets_the_emergency_reply()
    {
        var page = await _fixture.OpenChatAsync();
        try
        {
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            var before = await page.Locator(BotActivity).CountAsync();

            await AskAsync(page, "my face suddenly drooped on one side and my arm feels weak");

            var reply = await NextBotActivityAsync(page, before);
            await Expect(reply).ToContainTextAsync(await BotTextAsync(TextKeys.Emergency));
        }
        finally
        {
            await ScreenshotAsync(page, "04-emergency");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Reloading_the_page_starts_a_fresh_conversation_that_works()
    {
        var page = await _fixture.OpenChatAsync();
        try
        {
            var welcome = await BotTextAsync(TextKeys.Welcome);
            await WaitForWelcomeAsync(page, welcome);
            await AskAsync(page, "What causes hemifacial spasm?");
            await NextBotActivityAsync(page, 1);

            await page.ReloadAsync();

            await WaitForWelcomeAsync(page, welcome);
            await Expect(page.Locator(UserActivity)).ToHaveCountAsync(0);
            var before = await page.Locator(BotActivity).CountAsync();
            await AskAsync(page, "How is hemifacial spasm treated?");
            var answer = await NextBotActivityAsync(page, before);
            Assert.StartsWith("https://", await FirstSourceUrlAsync(page, answer), StringComparison.Ordinal);
        }
        finally
        {
            await ScreenshotAsync(page, "05-reload");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_second_browser_context_does_not_see_the_first_ones_messages()
    {
        var first = await _fixture.OpenChatAsync();
        var second = await _fixture.OpenChatAsync();
        try
        {
            var welcome = await BotTextAsync(TextKeys.Welcome);
            await WaitForWelcomeAsync(first, welcome);
            await AskAsync(first, "Is hemifacial spasm dangerous? (first visitor)");
            await Expect(first.Locator(UserActivity).Last).ToContainTextAsync("first visitor");
            await NextBotActivityAsync(first, 1);

            await WaitForWelcomeAsync(second, welcome);
            await AskAsync(second, "Can children get it? (second visitor)");
            await Expect(second.Locator(UserActivity).Last).ToContainTextAsync("second visitor");

            await Expect(second.Locator(".webchat__basic-transcript")).Not.ToContainTextAsync("first visitor");
            await Expect(first.Locator(".webchat__basic-transcript")).Not.ToContainTextAsync("second visitor");
            await Expect(second.Locator(UserActivity)).ToHaveCountAsync(1);
        }
        finally
        {
            await ScreenshotAsync(first, "06-first-visitor");
            await ScreenshotAsync(second, "06-second-visitor");
            await first.Context.CloseAsync();
            await second.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task On_a_phone_sized_screen_the_chat_fits_the_width_and_works()
    {
        var page = await _fixture.OpenChatAsync(phone: true);
        try
        {
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"the page scrolls sideways on a phone ({width}px wide)");
            var before = await page.Locator(BotActivity).CountAsync();
            await AskAsync(page, "What is hemifacial spasm?");
            await NextBotActivityAsync(page, before);
        }
        finally
        {
            await ScreenshotAsync(page, "07-phone");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_page_loads_nothing_from_another_origin_runs_no_inline_script_and_streams_over_a_websocket()
    {
        var context = await _fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _fixture.Host.RootUri.AbsoluteUri });
        var page = await context.NewPageAsync();
        var foreign = new List<string>();
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Scheme is "http" or "https" or "ws" or "wss" && !url.IsLoopback)
            {
                foreign.Add(request.Url);
            }
        };
        try
        {
            await page.GotoAsync("/");
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            var inlineScripts = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('script')].filter(s => !s.src).length");

            Assert.Empty(foreign);
            Assert.Equal(0, inlineScripts);
            var stream = Assert.Single(sockets);
            Assert.Matches("^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/[^/]+/stream\\?t=", stream);
        }
        finally
        {
            await ScreenshotAsync(page, "08-no-foreign-requests");
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task With_websockets_turned_off_the_page_polls_the_direct_line_and_still_works()
    {
        var sockets = 0;
        var page = await _fixture.OpenChatAsync(prepare: context =>
        {
            context.Page += (_, opened) => opened.WebSocket += (_, _) => Interlocked.Increment(ref sockets);
            return context.RouteAsync("**/webchat/settings", async route =>
            {
                var response = await route.FetchAsync();
                var settings = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!;
                settings["webSocket"] = false;
                await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = settings.ToJsonString() });
            });
        });
        try
        {
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            var before = await page.Locator(BotActivity).CountAsync();
            await AskAsync(page, "How is hemifacial spasm treated?");
            var answer = await NextBotActivityAsync(page, before);

            await Expect(answer).ToContainTextAsync(new Regex("neurologist", RegexOptions.IgnoreCase));
            Assert.Equal(0, sockets);
        }
        finally
        {
            await ScreenshotAsync(page, "09-polling");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_page_on_another_origin_can_use_the_direct_line_across_origins_with_web_chat_headers()
    {
        // The page comes from http://localhost:<port>, the Direct Line is addressed as http://127.0.0.1:<port>: a
        // different origin, so every call is a CORS request carrying Authorization and x-ms-bot-agent. (The page's
        // own CSP would name the other origin in Security:ConnectSources; it is bypassed here to test CORS alone.)
        var directLine = _fixture.Host.RootUri;
        var pageRoot = new UriBuilder(directLine) { Host = "localhost" }.Uri;
        var preflights = new List<string>();
        var settingsOverride = $$"""
            (() => {
              const original = window.fetch.bind(window);
              window.fetch = async (input, init) => {
                const response = await original(input, init);
                if (String(input).endsWith('webchat/settings')) {
                  const settings = await response.json();
                  settings.tokenUrl = '{{new Uri(directLine, "v3/directline/tokens/generate").AbsoluteUri}}';
                  settings.domain = '{{new Uri(directLine, "v3/directline").AbsoluteUri}}';
                  return new Response(JSON.stringify(settings), { headers: { 'Content-Type': 'application/json' } });
                }
                return response;
              };
            })();
            """;
        var page = await _fixture.OpenChatAsync(pageRoot: pageRoot, bypassCsp: true, interceptExternal: false, prepare: async context =>
        {
            context.Page += (_, opened) => opened.Request += (_, request) =>
            {
                if (request.Url.Contains("/v3/directline/", StringComparison.Ordinal) && request.Headers.ContainsKey("x-ms-bot-agent"))
                {
                    lock (preflights)
                    {
                        preflights.Add(request.Url);
                    }
                }
            };
            await context.AddInitScriptAsync(settingsOverride);
        });
        try
        {
            Assert.StartsWith("http://localhost:", page.Url, StringComparison.Ordinal);
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            var before = await page.Locator(BotActivity).CountAsync();
            await AskAsync(page, "What is hemifacial spasm?");
            await NextBotActivityAsync(page, before);

            Assert.NotEmpty(preflights);
            Assert.All(preflights, url => Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal));
        }
        finally
        {
            await ScreenshotAsync(page, "10-cross-origin");
            await page.Context.CloseAsync();
        }
    }

    [GeneratedRegex(@"^\s*\[\d+\]")]
    private static partial Regex SourceTitle();

    [GeneratedRegex(@"[*_`#>\[\]()]+|\s+")]
    private static partial Regex MarkdownNoise();
}
