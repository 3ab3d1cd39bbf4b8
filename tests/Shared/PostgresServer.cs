using System.Diagnostics;
using System.Globalization;
namespace Bot.Tests.Services;

/// <summary>
/// A real PostgreSQL for the tests of one collection: <c>initdb</c> into a temporary directory and <c>pg_ctl</c>
/// on a free loopback port (trust authentication, loopback only), stopped and deleted with the fixture. The
/// binaries come from <c>PG_BIN</c>, the newest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (Debian's
/// <c>postgresql</c> package, which <c>.ci/run</c> installs) or the PATH. PostgreSQL refuses to run as root,
/// so as root the server runs as the unprivileged user <c>nobody</c> (through <c>runuser</c>). Without the
/// binaries the tests fail with that message, never skip.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string _directory = "";
    private string _bin = "";
    private bool _asNobody;

    public int Port { get; private set; }

    /// <summary>An Npgsql connection string to the <c>postgres</c> database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Timeout=5";

    public async Task InitializeAsync()
    {
        _bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL was not found (PG_BIN, /usr/lib/postgresql/<version>/bin, PATH). Install Debian's postgresql package (.ci/run does) to run the PostgreSQL tests.");
        _asNobody = Environment.UserName == "root";
        _directory = Path.Combine(Path.GetTempPath(), "hfs-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_directory);
        var data = Path.Combine(_directory, "data");
        if (_asNobody)
        {
            await RunAsync("chown", ["nobody:nogroup", _directory], asNobody: false);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"], _asNobody);
        Port = RedisServer.FreePort();
        var options = string.Create(CultureInfo.InvariantCulture, $"-h 127.0.0.1 -p {Port} -k {_directory} -c fsync=off -c full_page_writes=off -c max_connections=200");
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_directory, "log"), "-o", options, "-w", "-t", "60", "start"], _asNobody);
    }

    public async Task DisposeAsync()
    {
        if (_bin.Length > 0 && Directory.Exists(Path.Combine(_directory, "data")))
        {
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], _asNobody);
            }
            catch (InvalidOperationException)
            {
            }
        }

        if (_directory.Length > 0 && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Creates a fresh database and returns its connection string, so tests never see each other's rows.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        await using var source = Npgsql.NpgsqlDataSource.Create(ConnectionString);
        await using var command = source.CreateCommand("CREATE DATABASE " + name);
        await command.ExecuteNonQueryAsync();
        return ConnectionString.Replace("Database=postgres", "Database=" + name, StringComparison.Ordinal);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asNobody)
    {
        var start = new ProcessStartInfo(asNobody ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asNobody)
        {
            foreach (var a in new[] { "-u", "nobody", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }

    private static string? FindBin()
    {
        var configured = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : throw new InvalidOperationException($"PG_BIN names {configured}, which has no initdb.");
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(d => File.Exists(Path.Combine(d.Dir, "bin", "initdb")))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Dir is not null)
            {
                return Path.Combine(newest.Dir, "bin");
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }
}
