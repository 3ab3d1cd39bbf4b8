using System.Text.RegularExpressions;
using Bot.Host.Answers;
using Deque.AxeCore.Playwright;
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
[Trait("Category", "Browser")]
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
    public async Task A_question_gets_one_answer_with_clickable_citations_one_source_list_neurologist_advice_and_web_chats_feedback_buttons()
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
            await Expect(answer.Locator(".ac-adaptiveCard")).ToHaveCountAsync(0);
            await Expect(answer.Locator(".webchat__link-definitions")).ToHaveCountAsync(1);
            await Expect(answer).Not.ToContainTextAsync("Sources:");
            var suggestions = page.Locator(SuggestedAction);
            await Expect(suggestions.First).ToBeVisibleAsync();
            Assert.InRange(await suggestions.CountAsync(), 1, 3);
            await ScreenshotAsync(page, "02-answer");

            var thumbs = answer.Locator("button.webchat__thumb-button");
            await Expect(thumbs).ToHaveCountAsync(2);
            var store = _fixture.Host.Services.GetRequiredService<global::Bot.Host.Feedback.IFeedbackStore>();
            var votesBefore = (await store.RecentAsync(1000, default)).Count;
            await thumbs.First.ClickAsync();
            await Expect(thumbs.First).ToHaveAttributeAsync("aria-pressed", "true");
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while ((await store.RecentAsync(1000, default)).Count == votesBefore && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            var vote = (await store.RecentAsync(1000, default)).First();
            Assert.Equal(global::Bot.Host.Feedback.FeedbackRating.Up, vote.Rating);
            Assert.NotEmpty(vote.FactIds);
            Assert.Null(vote.Comment);
        }
        finally
        {
            await ScreenshotAsync(page, "02-answer-feedback");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_welcome_offers_three_starter_questions_and_a_clicked_one_shows_as_the_persons_message()
    {
        var page = await _fixture.OpenChatAsync();
        try
        {
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            var starters = page.Locator(SuggestedAction);
            await Expect(starters).ToHaveCountAsync(3);
            var title = (await starters.Nth(1).InnerTextAsync()).Trim();
            var before = await page.Locator(BotActivity).CountAsync();

            await starters.Nth(1).ClickAsync();

            await Expect(page.Locator(UserActivity).Last).ToContainTextAsync(title);
            await NextBotActivityAsync(page, before);
        }
        finally
        {
            await ScreenshotAsync(page, "02-welcome-starters");
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
    public async Task An_emergency_message_gets_a_visually_distinct_reply_that_is_announced_as_an_alert()
    {
        var page = await _fixture.OpenChatAsync();
        try
        {
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            var before = await page.Locator(BotActivity).CountAsync();

            await AskAsync(page, "my face suddenly drooped on one side and my arm feels weak");

            var reply = await NextBotActivityAsync(page, before);
            await Expect(reply).ToContainTextAsync(await BotTextAsync(TextKeys.Emergency));
            var urgent = reply.Locator("[id^='urgent-']");
            await Expect(urgent).ToBeVisibleAsync();
            await Expect(urgent).ToContainTextAsync("⚠");
            var background = await urgent.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
            Assert.Equal("rgb(253, 236, 238)", background);
            await Expect(page.Locator("#chat-alert[role='alert']")).ToContainTextAsync("Urgent");
            await Expect(reply.Locator("button.webchat__thumb-button")).ToHaveCountAsync(0);
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

    [Theory]
    [InlineData(320, 568)]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public async Task At_every_width_the_page_fits_the_viewport_the_transcript_scrolls_in_its_panel_and_nothing_overflows(int width, int height)
    {
        var page = await _fixture.OpenChatAsync(phone: width < 600, viewport: new ViewportSize { Width = width, Height = height });
        try
        {
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            foreach (var question in new[] { "What is hemifacial spasm?", "How is hemifacial spasm treated?", "which doctor should I see", "Is it dangerous?", "Can surgery cure it?" })
            {
                var before = await page.Locator(BotActivity).CountAsync();
                await AskAsync(page, question);
                await NextBotActivityAsync(page, before);
            }

            await page.WaitForTimeoutAsync(500);
            var overflow = await page.EvaluateAsync<string>("""
                () => {
                  const chat = document.getElementById('chat').getBoundingClientRect();
                  const out = [];
                  if (document.documentElement.scrollWidth > window.innerWidth) out.push('page ' + document.documentElement.scrollWidth);
                  for (const e of document.querySelectorAll('#chat *')) {
                    const r = e.getBoundingClientRect();
                    if (e.closest('[class*="live-region"]')) continue; // screen-reader-only text, clipped to nothing
                    if (r.width > 0 && r.right > chat.right + 1 && getComputedStyle(e).position !== 'fixed') out.push((e.className || e.tagName) + ' ' + Math.round(r.right));
                  }
                  const app = document.querySelector('.app').getBoundingClientRect();
                  if (app.height > window.innerHeight + 1) out.push('app height ' + app.height);
                  return out.slice(0, 10).join('; ');
                }
                """);
            Assert.True(overflow.Length == 0, $"at {width}px: {overflow}");
            var sendBox = await page.Locator(SendBox).BoundingBoxAsync();
            Assert.NotNull(sendBox);
            Assert.True(sendBox!.Y + sendBox.Height <= height, $"the send box is below the fold at {width}px ({sendBox.Y + sendBox.Height} > {height})");
            var scrolls = await page.EvaluateAsync<bool>("""
                () => [...document.querySelectorAll('#chat .webchat__basic-transcript *')].some(e =>
                  ['auto', 'scroll'].includes(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight + 10)
                """);
            Assert.True(scrolls, "the transcript does not scroll inside its panel");
        }
        finally
        {
            await page.EvaluateAsync("""
                () => document.querySelectorAll('#chat .webchat__basic-transcript *').forEach(e => {
                  if (['auto', 'scroll'].includes(getComputedStyle(e).overflowY)) e.scrollTop = e.scrollHeight;
                })
                """);
            await page.WaitForTimeoutAsync(300);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"07-width-{width}.png") });
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_page_logs_no_warnings_or_errors_in_the_console()
    {
        var messages = new List<string>();
        var page = await _fixture.OpenChatAsync(onPage: p => p.Console += (_, m) =>
        {
            if (m.Type is "warning" or "error")
            {
                lock (messages)
                {
                    messages.Add(m.Type + ": " + m.Text);
                }
            }
        });
        try
        {
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            var before = await page.Locator(BotActivity).CountAsync();
            await AskAsync(page, "What is hemifacial spasm?");
            await NextBotActivityAsync(page, before);

            lock (messages)
            {
                Assert.DoesNotContain(messages, m => m.Contains("dl_", StringComparison.Ordinal));
                Assert.Empty(messages);
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task With_a_conversation_on_the_page_axe_finds_no_serious_or_critical_accessibility_violations()
    {
        var page = await _fixture.OpenChatAsync();
        try
        {
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));
            foreach (var question in new[] { "What is hemifacial spasm?", "my face suddenly drooped and my arm is weak" })
            {
                var before = await page.Locator(BotActivity).CountAsync();
                await AskAsync(page, question);
                await NextBotActivityAsync(page, before);
            }

            var results = await page.RunAxe();

            var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))})")));
        }
        finally
        {
            await ScreenshotAsync(page, "11-axe");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_chat_works_with_the_keyboard_alone()
    {
        var page = await _fixture.OpenChatAsync();
        try
        {
            await WaitForWelcomeAsync(page, await BotTextAsync(TextKeys.Welcome));

            // The skip link comes first and takes focus to the chat; Tab then reaches the send box.
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.Locator(".skip-link")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            var reached = false;
            for (var i = 0; i < 25 && !reached; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                reached = await page.Locator(SendBox).EvaluateAsync<bool>("e => e === document.activeElement");
            }

            Assert.True(reached, "Tab never reaches the send box");
            var before = await page.Locator(BotActivity).CountAsync();
            await page.Keyboard.TypeAsync("What causes hemifacial spasm?");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator(UserActivity).Last).ToContainTextAsync("What causes hemifacial spasm?");
            await NextBotActivityAsync(page, before);

            // Shift+Tab from the send box reaches the suggested actions; Enter asks one.
            var suggestion = false;
            for (var i = 0; i < 10 && !suggestion; i++)
            {
                await page.Keyboard.PressAsync("Shift+Tab");
                suggestion = await page.EvaluateAsync<bool>("() => !!document.activeElement && !!document.activeElement.closest('.webchat__suggested-actions')");
            }

            Assert.True(suggestion, "Shift+Tab from the send box never reaches a suggested action");
            var title = (await page.EvaluateAsync<string>("() => document.activeElement.innerText")).Trim();
            before = await page.Locator(BotActivity).CountAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator(UserActivity).Last).ToContainTextAsync(title);
            await NextBotActivityAsync(page, before);
        }
        finally
        {
            await ScreenshotAsync(page, "12-keyboard");
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
