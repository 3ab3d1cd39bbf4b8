using System.Globalization;

namespace Bot.LoadDriver;

/// <summary>CPU time and memory of a process, read from Linux's /proc (no diagnostics tools needed).</summary>
public readonly record struct ProcessSample(TimeSpan CpuTime, long RssBytes, long PeakRssBytes, int Threads)
{
    public static ProcessSample? TryRead(int pid)
    {
        try
        {
            // /proc/<pid>/stat: fields after the command name, which is in parentheses and may hold spaces.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // rest[0] is field 3 (state); utime and stime are fields 14 and 15, in clock ticks.
            var ticks = long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
            long rss = 0, hwm = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kilobytes(line);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
                }
            }

            return new ProcessSample(TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond), rss, hwm, threads);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    // USER_HZ is 100 on every Linux build this runs on (sysconf(_SC_CLK_TCK)).
    private const int ClockTicksPerSecond = 100;

    private static long Kilobytes(string line)
    {
        var digits = line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
        var space = digits.IndexOf(' ');
        if (space > 0)
        {
            digits = digits[..space];
        }

        return long.Parse(digits, CultureInfo.InvariantCulture) * 1024;
    }
}
