using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bot.Cli.Tests.Teams;

/// <summary>
/// A small JSON Schema validator (draft-04, plus the few later keywords the Teams schema uses: <c>const</c>,
/// <c>if</c>/<c>then</c>/<c>else</c>). NJsonSchema is not available from the package feed, so the tests carry
/// their own. Supported: type, enum, const, properties, patternProperties, additionalProperties, required,
/// minProperties/maxProperties, dependencies, items (one schema or a list) and additionalItems,
/// minItems/maxItems, uniqueItems, minLength/maxLength, pattern, format (uri, email, date-time),
/// minimum/maximum with the draft-04 exclusive flags, multipleOf, $ref (JSON pointers into the same document,
/// including #/definitions), allOf, anyOf, oneOf, not. Unknown keywords are ignored, as the spec says.
/// </summary>
internal sealed class JsonSchemaValidator
{
    private readonly JsonNode _root;
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    public JsonSchemaValidator(JsonNode root) => _root = root;

    /// <summary>Every violation, each as "<c>/json/pointer</c>: what is wrong". Empty when the document is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        Check(_root, instance, "", errors, 0);
        return errors;
    }

    private bool IsValid(JsonNode? schema, JsonNode? instance, int depth)
    {
        var errors = new List<string>();
        Check(schema, instance, "", errors, depth);
        return errors.Count == 0;
    }

    private void Check(JsonNode? schema, JsonNode? instance, string path, List<string> errors, int depth)
    {
        if (depth > 200)
        {
            throw new InvalidOperationException("Schema recursion deeper than 200 levels at " + path);
        }

        switch (schema)
        {
            case null:
                return;
            case JsonValue boolean when boolean.TryGetValue<bool>(out var allowed):
                if (!allowed)
                {
                    errors.Add($"{Where(path)}: no value is allowed here");
                }

                return;
            case not JsonObject:
                throw new InvalidOperationException($"A schema must be an object (at {Where(path)}).");
        }

        var s = (JsonObject)schema;
        if (s["$ref"] is JsonValue reference)
        {
            // Draft-04: a $ref replaces the whole schema object it appears in.
            Check(Resolve((string)reference!), instance, path, errors, depth + 1);
            return;
        }

        if (s["type"] is { } type && !MatchesType(type, instance))
        {
            errors.Add($"{Where(path)}: expected {type.ToJsonString()}, found {Kind(instance)}");
            return;
        }

        if (s["enum"] is JsonArray choices && !choices.Any(c => JsonNode.DeepEquals(c, instance)))
        {
            errors.Add($"{Where(path)}: {Show(instance)} is not one of {choices.ToJsonString()}");
        }

        if (s.TryGetPropertyValue("const", out var constant) && !JsonNode.DeepEquals(constant, instance))
        {
            errors.Add($"{Where(path)}: {Show(instance)} is not {constant?.ToJsonString() ?? "null"}");
        }

        switch (instance)
        {
            case JsonObject obj:
                CheckObject(s, obj, path, errors, depth);
                break;
            case JsonArray array:
                CheckArray(s, array, path, errors, depth);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                CheckString(s, (string)value!, path, errors);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                CheckNumber(s, value.GetValue<decimal>(), path, errors);
                break;
            default:
                break;
        }

        if (s["allOf"] is JsonArray all)
        {
            foreach (var sub in all)
            {
                Check(sub, instance, path, errors, depth + 1);
            }
        }

        if (s["anyOf"] is JsonArray any && !any.Any(sub => IsValid(sub, instance, depth + 1)))
        {
            errors.Add($"{Where(path)}: matches none of the anyOf schemas");
        }

        if (s["oneOf"] is JsonArray one)
        {
            var matches = one.Count(sub => IsValid(sub, instance, depth + 1));
            if (matches != 1)
            {
                errors.Add($"{Where(path)}: matches {matches} of the oneOf schemas, not exactly one");
            }
        }

        if (s["not"] is { } not && IsValid(not, instance, depth + 1))
        {
            errors.Add($"{Where(path)}: matches a schema it must not match");
        }

        if (s["if"] is { } condition)
        {
            var branch = IsValid(condition, instance, depth + 1) ? s["then"] : s["else"];
            Check(branch, instance, path, errors, depth + 1);
        }
    }

    private void CheckObject(JsonObject s, JsonObject obj, string path, List<string> errors, int depth)
    {
        if (s["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => (string)r!))
            {
                if (!obj.ContainsKey(name))
                {
                    errors.Add($"{Where(path)}: required property '{name}' is missing");
                }
            }
        }

        if (s["minProperties"] is JsonValue minProperties && obj.Count < (int)minProperties)
        {
            errors.Add($"{Where(path)}: has {obj.Count} properties, fewer than {(int)minProperties}");
        }

        if (s["maxProperties"] is JsonValue maxProperties && obj.Count > (int)maxProperties)
        {
            errors.Add($"{Where(path)}: has {obj.Count} properties, more than {(int)maxProperties}");
        }

        var properties = s["properties"] as JsonObject;
        var patternProperties = s["patternProperties"] as JsonObject;
        foreach (var (name, value) in obj)
        {
            var childPath = path + "/" + Escape(name);
            var matched = false;
            if (properties is not null && properties.TryGetPropertyValue(name, out var propertySchema))
            {
                matched = true;
                Check(propertySchema, value, childPath, errors, depth + 1);
            }

            if (patternProperties is not null)
            {
                foreach (var (pattern, patternSchema) in patternProperties)
                {
                    if (Pattern(pattern).IsMatch(name))
                    {
                        matched = true;
                        Check(patternSchema, value, childPath, errors, depth + 1);
                    }
                }
            }

            if (!matched && s.TryGetPropertyValue("additionalProperties", out var additional) && additional is not null)
            {
                if (additional is JsonValue flag && flag.TryGetValue<bool>(out var allowed))
                {
                    if (!allowed)
                    {
                        errors.Add($"{Where(path)}: property '{name}' is not allowed");
                    }
                }
                else
                {
                    Check(additional, value, childPath, errors, depth + 1);
                }
            }
        }

        if (s["dependencies"] is JsonObject dependencies)
        {
            foreach (var (name, dependency) in dependencies)
            {
                if (!obj.ContainsKey(name))
                {
                    continue;
                }

                if (dependency is JsonArray names)
                {
                    foreach (var needed in names.Select(n => (string)n!))
                    {
                        if (!obj.ContainsKey(needed))
                        {
                            errors.Add($"{Where(path)}: '{name}' needs '{needed}' as well");
                        }
                    }
                }
                else
                {
                    Check(dependency, obj, path, errors, depth + 1);
                }
            }
        }
    }

    private void CheckArray(JsonObject s, JsonArray array, string path, List<string> errors, int depth)
    {
        if (s["minItems"] is JsonValue minItems && array.Count < (int)minItems)
        {
            errors.Add($"{Where(path)}: has {array.Count} items, fewer than {(int)minItems}");
        }

        if (s["maxItems"] is JsonValue maxItems && array.Count > (int)maxItems)
        {
            errors.Add($"{Where(path)}: has {array.Count} items, more than {(int)maxItems}");
        }

        if (s["uniqueItems"] is JsonValue unique && (bool)unique)
        {
            for (var i = 0; i < array.Count; i++)
            {
                for (var j = i + 1; j < array.Count; j++)
                {
                    if (JsonNode.DeepEquals(array[i], array[j]))
                    {
                        errors.Add($"{Where(path)}: items {i} and {j} are equal but must be unique");
                    }
                }
            }
        }

        switch (s["items"])
        {
            case JsonArray tuple:
                for (var i = 0; i < array.Count; i++)
                {
                    if (i < tuple.Count)
                    {
                        Check(tuple[i], array[i], path + "/" + i.ToString(CultureInfo.InvariantCulture), errors, depth + 1);
                    }
                    else if (s["additionalItems"] is JsonValue flag && flag.TryGetValue<bool>(out var allowed))
                    {
                        if (!allowed)
                        {
                            errors.Add($"{Where(path)}: item {i} is beyond the {tuple.Count} allowed");
                        }
                    }
                    else if (s["additionalItems"] is JsonObject additional)
                    {
                        Check(additional, array[i], path + "/" + i.ToString(CultureInfo.InvariantCulture), errors, depth + 1);
                    }
                }

                break;
            case { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(items, array[i], path + "/" + i.ToString(CultureInfo.InvariantCulture), errors, depth + 1);
                }

                break;
            default:
                break;
        }
    }

    private void CheckString(JsonObject s, string text, string path, List<string> errors)
    {
        // JSON Schema counts characters (code points), not UTF-16 units.
        var length = text.EnumerateRunes().Count();
        if (s["minLength"] is JsonValue minLength && length < (int)minLength)
        {
            errors.Add($"{Where(path)}: is {length} characters long, shorter than {(int)minLength}");
        }

        if (s["maxLength"] is JsonValue maxLength && length > (int)maxLength)
        {
            errors.Add($"{Where(path)}: is {length} characters long, longer than {(int)maxLength}");
        }

        if (s["pattern"] is JsonValue pattern && !Pattern((string)pattern!).IsMatch(text))
        {
            errors.Add($"{Where(path)}: \"{text}\" does not match the pattern {(string)pattern!}");
        }

        if (s["format"] is JsonValue format && !MatchesFormat((string)format!, text))
        {
            errors.Add($"{Where(path)}: \"{text}\" is not a valid {(string)format!}");
        }
    }

    private static void CheckNumber(JsonObject s, decimal number, string path, List<string> errors)
    {
        if (s["minimum"] is JsonValue minimum)
        {
            var limit = minimum.GetValue<decimal>();
            var exclusive = s["exclusiveMinimum"] is JsonValue e && e.TryGetValue<bool>(out var b) && b;
            if (exclusive ? number <= limit : number < limit)
            {
                errors.Add($"{Where(path)}: {number} is below the minimum {limit}{(exclusive ? " (exclusive)" : "")}");
            }
        }

        if (s["maximum"] is JsonValue maximum)
        {
            var limit = maximum.GetValue<decimal>();
            var exclusive = s["exclusiveMaximum"] is JsonValue e && e.TryGetValue<bool>(out var b) && b;
            if (exclusive ? number >= limit : number > limit)
            {
                errors.Add($"{Where(path)}: {number} is above the maximum {limit}{(exclusive ? " (exclusive)" : "")}");
            }
        }

        if (s["multipleOf"] is JsonValue multipleOf && number % multipleOf.GetValue<decimal>() != 0)
        {
            errors.Add($"{Where(path)}: {number} is not a multiple of {multipleOf.GetValue<decimal>()}");
        }
    }

    private static bool MatchesType(JsonNode type, JsonNode? instance) => type switch
    {
        JsonArray types => types.Any(t => MatchesType(t!, instance)),
        _ => (string)type! switch
        {
            "null" => instance is null,
            "object" => instance is JsonObject,
            "array" => instance is JsonArray,
            "string" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.String,
            "boolean" => instance is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "number" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
            "integer" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number && decimal.Truncate(v.GetValue<decimal>()) == v.GetValue<decimal>(),
            var other => throw new InvalidOperationException($"Unknown type '{other}' in the schema."),
        },
    };

    private static bool MatchesFormat(string format, string text) => format switch
    {
        "uri" => Uri.TryCreate(text, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Scheme) && !text.Contains(' ', StringComparison.Ordinal),
        "email" => Regex.IsMatch(text, @"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant),
        "date-time" => DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => true, // unknown formats are not asserted (draft-04 §7.1)
    };

    /// <summary>Resolves a JSON pointer reference within this document (<c>#</c>, <c>#/definitions/x</c>, <c>#/properties/a/items</c>).</summary>
    private JsonNode Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            throw new InvalidOperationException($"Only references within the schema document are supported, not '{reference}'.");
        }

        var node = _root;
        foreach (var raw in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) && child is not null => child,
                JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index]!,
                _ => throw new InvalidOperationException($"The reference '{reference}' does not resolve (at '{token}')."),
            };
        }

        return node;
    }

    private Regex Pattern(string pattern)
    {
        if (!_patterns.TryGetValue(pattern, out var regex))
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            _patterns[pattern] = regex;
        }

        return regex;
    }

    private static string Where(string path) => path.Length == 0 ? "/" : path;

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "unknown",
    };

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 80 ? new StringBuilder(text, 0, 77, 80).Append("...").ToString() : text;
    }
}
