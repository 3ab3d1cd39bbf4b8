namespace Bot.LoadDriver;

public static class Usage
{
    public const string Text = """
        Bot.LoadDriver: load, start-up and memory runs against the bot over loopback.

          dotnet run -c Release --project tests/Bot.LoadDriver -- <mode> [options]

        modes
          api         /api/messages through a fake Connector: turns/s, p50/p99/p99.9, failures, bot CPU and memory
          compare     the C# host and the JS echo bot (official botbuilder SDK), same connector and settings, ratio
          startup     process start to /readyz, and to the first answered turn (repeated, medians)
          memory      repeated api runs against one bot process; memory after each (flat = no growth)
          directline  Web Chat-like conversations through the bot's Direct Line: post to readable reply

        which bot (api, memory, directline)
          --bot URL             an already running bot (loopback only); add --pid N for its CPU and memory;
                                given more than once: several instances, driven through a round-robin YARP proxy
                                in the driver (read their CPU outside the driver)
          --host-dll PATH       start `dotnet PATH --urls http://127.0.0.1:<free port>` (the Release host)
          --js-dir PATH         start the JS echo fixture (`node index.js`, after `npm ci` there)
          (compare and startup start the host from --host-dll, default src/Bot.Host/bin/Release/net10.0/Bot.Host.dll;
           compare starts the JS fixture from --js-dir, default tests/Bot.Benchmarks/EchoBotJs)
          --environment NAME    ASPNETCORE_ENVIRONMENT of a started host (default Production)
          --env KEY=VALUE       extra environment for started bots (repeatable), e.g. --env MicrosoftAppId=
          --host-arg ARG        extra command-line argument for a started host (repeatable)
          --ready-path PATH     readiness URL path (default /readyz)
          --log-dir DIR         where started bots' output goes (default a temp folder)

        load (api, compare, memory)
          --concurrency LIST    concurrent conversations in flight, e.g. 32,128 (default 32)
          --count N             measured turns per run (default 20000)
          --warmup N            unmeasured turns first (default count/10, 100..5000)
          --repeat N            runs per setting; medians are reported (default 1; compare 3)
          --max-seconds S       no turn starts after S seconds in a phase (default 300)
          --turns-per-conversation N   default 10
          --reply-timeout S     a turn without a reply after S seconds is a failure (default 10)
          --questions PATH      JSON array (strings or {"ask"}) or text lines; default tests/Bot.Answers.Tests/Cases/public-set.json
          --channel ID          channelId of posted activities (default emulator)
          --client raw|http     posting client: a lean keep-alive HTTP/1.1 connection per worker (default), or HttpClient
          --connector-delay-ms N       the fake Connector answers after N ms (slow channel)
          --connector-fail-every N     every N-th connector call fails with --connector-fail-status (default 503)
          --runs N              memory: runs against the same process (default 5)
          --settle-seconds S    memory: idle time before reading memory after a run (default 3)

        direct line (directline)
          --conversations N     concurrent conversations (default 200)
          --turns N             messages per conversation (default 5)
          --transport ws|poll   read replies from the WebSocket stream or by polling (default ws if the server gives a streamUrl)
          --poll-ms N           polling interval (default 100)
          --secret TEXT         Bearer secret for POST /conversations (default: a token from /tokens/generate)
          --warmup N            unmeasured conversations (2 messages each) first (default 50)

        output
          --json PATH           write every figure to a JSON file
          --allow-failures      exit 0 even when turns failed
        """;
}
