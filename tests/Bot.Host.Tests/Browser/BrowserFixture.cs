using Microsoft.Playwright;

namespace Bot.Host.Tests.Browser;

/// <summary>
/// One host and one headless Debian Chromium shared by the browser tests; each test opens its own browser
/// context (a fresh profile: no shared storage). Never downloads a browser: without /usr/bin/chromium the
/// tests fail with a message saying how to install it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? _playwright;

    public WebChatHost Host { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/screenshots under the test output directory.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {ChromiumPath}; install it with `apt-get install -y chromium` " +
                "(.ci/run does so). They never download a browser.");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        var root = Host.RootUri; // starts Kestrel
        await WaitUntilReadyAsync(root);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// Waits until <c>/readyz</c> answers 200: the answer engine (with the triage's sentence model) is built and warmed
    /// in the background, and a page opened before that waits for its welcome longer than a test's expectation allows.
    /// </summary>
    private static async Task WaitUntilReadyAsync(Uri root)
    {
        using var http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + await response.Content.ReadAsStringAsync();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException("The browser tests' host did not become ready within 3 minutes: " + last);
    }

    /// <summary>A fresh browser context and page at the web chat page, optionally phone-sized.</summary>
    /// <remarks>
    /// Other origins are answered by a Playwright route (nothing leaves the machine) unless <paramref name="interceptExternal"/>
    /// is false: with any route active, Playwright answers CORS preflights itself, so a CORS test must not route.
    /// </remarks>
    public async Task<IPage> OpenChatAsync(bool phone = false, Func<IBrowserContext, Task>? prepare = null, Uri? pageRoot = null, bool bypassCsp = false, bool interceptExternal = true, ViewportSize? viewport = null, Action<IPage>? onPage = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (pageRoot ?? Host.RootUri).AbsoluteUri,
            BypassCSP = bypassCsp,
            ViewportSize = viewport ?? (phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1200, Height = 900 }),
            DeviceScaleFactor = phone ? 2 : 1,
            IsMobile = phone,
            HasTouch = phone,
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(20_000);
        // Nothing leaves the machine: a cited source opened in a new tab is answered here, not fetched.
        if (interceptExternal)
        {
            await context.RouteAsync(url => !new Uri(url).IsLoopback, route => route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                ContentType = "text/html",
                Body = "<!doctype html><title>External source (not fetched in tests)</title>",
            }));
        }
        if (prepare is not null)
        {
            await prepare(context);
        }

        var page = await context.NewPageAsync();
        onPage?.Invoke(page);
        await page.GotoAsync("/");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
