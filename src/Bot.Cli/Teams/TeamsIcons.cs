namespace Bot.Cli.Teams;

/// <summary>
/// Draws the two Teams icons in code: a speech bubble with an "i" (information). The colour icon is 192×192,
/// opaque, white bubble on the accent colour; the outline icon is 32×32, white lines on a transparent background,
/// as Teams requires. Shapes are signed distance functions, anti-aliased by 4×4 supersampling.
/// </summary>
internal static class TeamsIcons
{
    public const int ColorSize = 192;
    public const int OutlineSize = 32;

    /// <summary>The accent colour (also the manifest's accentColor); white on it has a contrast of 6.4:1.</summary>
    public static readonly (byte R, byte G, byte B) Accent = (0x0B, 0x5C, 0xAD);

    public static byte[] Color()
    {
        const int size = ColorSize;
        var pixels = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var bubble = Coverage(x, y, size, (u, v) => Bubble(u, v) <= 0);
                var glyph = Coverage(x, y, size, (u, v) => Info(u, v) <= 0);
                // Accent background, white bubble, accent "i" inside the bubble.
                var white = bubble * (1 - glyph);
                var i = (y * size + x) * 4;
                pixels[i] = Mix(Accent.R, 255, white);
                pixels[i + 1] = Mix(Accent.G, 255, white);
                pixels[i + 2] = Mix(Accent.B, 255, white);
                pixels[i + 3] = 255;
            }
        }

        return PngEncoder.Encode(size, size, pixels);
    }

    public static byte[] Outline()
    {
        const int size = OutlineSize;
        const double stroke = 2.2 / size; // about two pixels, in unit coordinates
        var pixels = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var line = Coverage(x, y, size, (u, v) => Math.Abs(Bubble(u, v)) <= stroke / 2 || Info(u, v) <= 0);
                var i = (y * size + x) * 4;
                pixels[i] = 255;
                pixels[i + 1] = 255;
                pixels[i + 2] = 255;
                pixels[i + 3] = (byte)Math.Round(line * 255);
            }
        }

        return PngEncoder.Encode(size, size, pixels);
    }

    /// <summary>Signed distance (unit square coordinates, y down) to a rounded speech bubble with a tail at bottom left.</summary>
    private static double Bubble(double u, double v)
    {
        var body = RoundedRect(u, v, 0.5, 0.44, 0.36, 0.27, 0.1);
        // Tail: a triangle below the body's lower left, merged with the body.
        var tail = Triangle(u, v, (0.28, 0.66), (0.46, 0.66), (0.24, 0.86));
        return Math.Min(body, tail);
    }

    /// <summary>Signed distance to the "i": a dot and a bar, centred in the bubble's body.</summary>
    private static double Info(double u, double v)
    {
        var dot = Math.Sqrt(((u - 0.5) * (u - 0.5)) + ((v - 0.3) * (v - 0.3))) - 0.05;
        var bar = RoundedRect(u, v, 0.5, 0.5, 0.04, 0.12, 0.03);
        return Math.Min(dot, bar);
    }

    private static double RoundedRect(double u, double v, double cx, double cy, double halfWidth, double halfHeight, double radius)
    {
        var qx = Math.Abs(u - cx) - halfWidth + radius;
        var qy = Math.Abs(v - cy) - halfHeight + radius;
        var outside = Math.Sqrt((Math.Max(qx, 0) * Math.Max(qx, 0)) + (Math.Max(qy, 0) * Math.Max(qy, 0)));
        return outside + Math.Min(Math.Max(qx, qy), 0) - radius;
    }

    private static double Triangle(double u, double v, (double X, double Y) a, (double X, double Y) b, (double X, double Y) c)
    {
        static double Edge(double u, double v, (double X, double Y) p, (double X, double Y) q)
        {
            var ex = q.X - p.X;
            var ey = q.Y - p.Y;
            var length = Math.Sqrt((ex * ex) + (ey * ey));
            return (((u - p.X) * ey) - ((v - p.Y) * ex)) / length;
        }

        // The largest signed distance to the three edge lines, positive outside: exact inside, a close bound outside.
        var interior = Math.Sign(Edge(c.X, c.Y, a, b));
        return Math.Max(Math.Max(-interior * Edge(u, v, a, b), -interior * Edge(u, v, b, c)), -interior * Edge(u, v, c, a));
    }

    /// <summary>The share of a pixel's 4×4 sub-samples inside the shape.</summary>
    private static double Coverage(int x, int y, int size, Func<double, double, bool> inside)
    {
        const int samples = 4;
        var hits = 0;
        for (var sy = 0; sy < samples; sy++)
        {
            for (var sx = 0; sx < samples; sx++)
            {
                var u = (x + ((sx + 0.5) / samples)) / size;
                var v = (y + ((sy + 0.5) / samples)) / size;
                if (inside(u, v))
                {
                    hits++;
                }
            }
        }

        return hits / (double)(samples * samples);
    }

    private static byte Mix(byte from, byte to, double amount) => (byte)Math.Round(from + ((to - from) * amount));
}
