using System.Globalization;
using System.Net;

namespace Bot.LoadDriver;

/// <summary>Command-line options: <c>--name value</c> pairs and <c>--flag</c> switches after the mode.</summary>
public sealed class Options
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public string Mode { get; }

    private Options(string mode) => Mode = mode;

    /// <summary>Flags take no value; every other option takes exactly one.</summary>
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "allow-failures", "no-warmup", "quiet", "keep-logs",
    };

    public static Options Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            throw new UsageException("missing mode (api, compare, startup, directline, memory)");
        }

        var options = new Options(args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3)
            {
                throw new UsageException($"unexpected argument '{arg}' (options are --name value)");
            }

            var name = arg[2..];
            string value;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (Flags.Contains(name))
            {
                value = "true";
            }
            else
            {
                if (i + 1 >= args.Length)
                {
                    throw new UsageException($"--{name} needs a value");
                }

                value = args[++i];
            }

            if (!options._values.TryGetValue(name, out var list))
            {
                options._values[name] = list = [];
            }

            list.Add(value);
        }

        return options;
    }

    public string? String(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var list) ? list[^1] : null;
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public IReadOnlyList<string> All(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var list) ? list : [];
    }

    public bool Flag(string name)
    {
        var value = String(name);
        return value is not null && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
    }

    public int Int(string name, int fallback, int min = 0, int max = int.MaxValue)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be an integer from {min} to {max}, got '{text}'");
        }

        return value;
    }

    public double Double(string name, double fallback, double min = 0, double max = double.MaxValue)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a number from {min} to {max}, got '{text}'");
        }

        return value;
    }

    /// <summary>A comma-separated list of integers, e.g. <c>--concurrency 32,128</c>.</summary>
    public IReadOnlyList<int> Ints(string name, IReadOnlyList<int> fallback, int min = 1, int max = 100_000)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        var result = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                throw new UsageException($"--{name} must be integers from {min} to {max}, got '{part}'");
            }

            result.Add(value);
        }

        return result.Count > 0 ? result : throw new UsageException($"--{name} is empty");
    }

    /// <summary>A bot URL, refused unless it names a loopback address: load goes nowhere else.</summary>
    public Uri? LoopbackUrl(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--{name} must be an http(s) URL, got '{text}'");
        }

        if (!IsLoopback(uri))
        {
            throw new UsageException($"--{name} must be a loopback address (127.0.0.0/8, localhost, [::1]); got '{uri.Host}'");
        }

        return uri;
    }

    /// <summary>Every URL given for a repeatable option, each refused unless it names a loopback address.</summary>
    public IReadOnlyList<Uri> LoopbackUrls(string name) =>
        All(name).Select(text => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? IsLoopback(uri) ? uri : throw new UsageException($"--{name} must be a loopback address (127.0.0.0/8, localhost, [::1]); got '{uri.Host}'")
            : throw new UsageException($"--{name} must be an http(s) URL, got '{text}'")).ToList();

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Options given but never read by the chosen mode: most likely typos, so they are errors.</summary>
    public IEnumerable<string> Unread() => _values.Keys.Where(k => !_read.Contains(k));
}

public sealed class UsageException(string message) : Exception(message);
