using System.Globalization;
using Bot.Answers;
using Bot.Answers.Index;
using Bot.Answers.Semantic;
using Bot.Knowledge;
using Bot.Knowledge.Model;

namespace Bot.Cli.Commands;

/// <summary>What the answer commands (ask, chat, eval, index) share: option parsing and loading the engine.</summary>
internal static class AnswerCommandSupport
{
    /// <summary>Options every answer command accepts.</summary>
    internal sealed class CommonOptions
    {
        public string? KnowledgeDir { get; set; }

        public string? IndexFile { get; set; }

        public List<string> Positional { get; } = [];

        public Dictionary<string, string?> Flags { get; } = new(StringComparer.Ordinal);

        public List<KeyValuePair<string, string>> Repeated { get; } = [];
    }

    /// <summary>
    /// Parses <c>--knowledge dir</c>, <c>--index dir</c>, the flags in <paramref name="switches"/> (no value)
    /// and <paramref name="valued"/> (one value each); everything else is positional. Returns null and
    /// writes the reason when the arguments are wrong.
    /// </summary>
    public static CommonOptions? Parse(IReadOnlyList<string> args, CommandContext context, string command,
        IReadOnlySet<string> switches, IReadOnlySet<string> valued, IReadOnlySet<string>? repeatable = null)
    {
        var options = new CommonOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "--semantic" or "--lexical")
            {
                options.Flags[a] = null;
            }
            else if (a is "--knowledge" or "--index" || valued.Contains(a) || (repeatable?.Contains(a) ?? false))
            {
                if (i + 1 >= args.Count)
                {
                    context.Error.WriteLine($"{command}: {a} needs a value.");
                    return null;
                }

                var value = args[++i];
                switch (a)
                {
                    case "--knowledge":
                        options.KnowledgeDir = Path.GetFullPath(Path.Combine(context.WorkingDirectory, value));
                        break;
                    case "--index":
                        options.IndexFile = Path.GetFullPath(Path.Combine(context.WorkingDirectory, value));
                        break;
                    default:
                        if (repeatable?.Contains(a) ?? false)
                        {
                            options.Repeated.Add(new(a, value));
                        }
                        else
                        {
                            options.Flags[a] = value;
                        }

                        break;
                }
            }
            else if (switches.Contains(a))
            {
                options.Flags[a] = null;
            }
            else if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                context.Error.WriteLine($"{command}: unknown option '{a}'.");
                return null;
            }
            else
            {
                options.Positional.Add(a);
            }
        }

        return options;
    }

    /// <summary>Loads and validates the knowledge; null (with the problems written) when it cannot.</summary>
    public static KnowledgeBase? LoadKnowledge(CommonOptions options, CommandContext context, string command)
    {
        try
        {
            var root = options.KnowledgeDir ?? KnowledgeLocator.FindRoot(context.WorkingDirectory);
            return KnowledgeLoader.LoadOrThrow(root);
        }
        catch (DirectoryNotFoundException e)
        {
            context.Error.WriteLine($"{command}: {e.Message}");
        }
        catch (KnowledgeValidationException e)
        {
            context.Error.WriteLine($"{command}: the knowledge does not validate:");
            context.Error.WriteLine(e.Message);
        }

        return null;
    }

    /// <summary>The engine over the knowledge, with the index built in memory or loaded from <c>--index</c>.</summary>
    public static (AnswerEngine Engine, IDisposable? Index)? CreateEngine(CommonOptions options, CommandContext context, string command)
    {
        var knowledge = LoadKnowledge(options, context, command);
        if (knowledge is null)
        {
            return null;
        }

        // The same engine the bot runs by default (the model loaded once: triage reads the example bank and
        // retrieval the message's meaning); --lexical gives the lean engine (rules and words, no model).
        // --semantic, the default, is still accepted.
        var lexical = options.Flags.ContainsKey("--lexical");
        var engineOptions = new AnswerEngineOptions();
        engineOptions.Semantic.Enabled = !lexical;
        engineOptions.Triage.UseExampleBank = !lexical;
        Bot.Answers.Safety.SafetyKnowledge safety;
        try
        {
            safety = Bot.Answers.Safety.SafetyKnowledge.Load(options.KnowledgeDir ?? KnowledgeLocator.FindRoot(context.WorkingDirectory), knowledge);
        }
        catch (InvalidDataException e)
        {
            context.Error.WriteLine($"{command}: {e.Message}");
            return null;
        }

        var encoder = TextEncoders.Create(engineOptions.Semantic, engineOptions.Triage.UseExampleBank);
        if (options.IndexFile is null)
        {
            return (new AnswerEngine(knowledge, engineOptions, index: null, encoder, safety), null);
        }

        LuceneKnowledgeIndex index;
        try
        {
            index = AnswerEngine.LoadIndex(options.IndexFile, knowledge, engineOptions.FieldBoosts);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            context.Error.WriteLine($"{command}: {e.Message}");
            return null;
        }

        return (new AnswerEngine(knowledge, engineOptions, index, encoder, safety), index);
    }

    /// <summary>Parses a rate given as 0.95 or 95%.</summary>
    public static bool TryParseRate(string text, out double rate)
    {
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1] : text;
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out rate))
        {
            if (percent || rate > 1)
            {
                rate /= 100;
            }

            return rate is >= 0 and <= 1;
        }

        return false;
    }

    /// <summary>What a person reads: the markdown, then the suggested follow-ups (which a channel shows as buttons).</summary>
    public static string Render(Answer answer, bool numberFollowUps = false)
    {
        var text = AnswerFormatter.ToMarkdown(answer);
        if (answer.FollowUps.Count == 0 || answer.Kind == AnswerKind.Fallback)
        {
            return text;
        }

        var lines = answer.FollowUps.Select((f, i) => (numberFollowUps ? $"{i + 1}. " : "- ") + f.Text);
        return text + "\n\nYou could also ask:\n" + string.Join("\n", lines);
    }
}
