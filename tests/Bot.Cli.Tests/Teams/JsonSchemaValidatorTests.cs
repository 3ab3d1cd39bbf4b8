using System.Text.Json.Nodes;

namespace Bot.Cli.Tests.Teams;

/// <summary>The test project's JSON Schema validator must reject what it should, or the manifest test proves nothing.</summary>
public sealed class JsonSchemaValidatorTests
{
    private static IReadOnlyList<string> Errors(string schema, string instance) =>
        new JsonSchemaValidator(JsonNode.Parse(schema)!).Validate(JsonNode.Parse(instance));

    [Theory]
    [InlineData("""{"type":"string"}""", "\"a\"", true)]
    [InlineData("""{"type":"string"}""", "1", false)]
    [InlineData("""{"type":"integer"}""", "3", true)]
    [InlineData("""{"type":"integer"}""", "3.5", false)]
    [InlineData("""{"type":"number"}""", "3.5", true)]
    [InlineData("""{"type":"boolean"}""", "\"true\"", false)]
    [InlineData("""{"type":"null"}""", "null", true)]
    [InlineData("""{"type":["string","null"]}""", "null", true)]
    [InlineData("""{"type":["string","null"]}""", "{}", false)]
    [InlineData("""{"type":"array"}""", "{}", false)]
    [InlineData("""{"type":"object"}""", "[]", false)]
    public void Type_is_checked(string schema, string instance, bool valid) =>
        Assert.Equal(valid, Errors(schema, instance).Count == 0);

    [Theory]
    [InlineData("""{"enum":["personal","groupChat"]}""", "\"groupChat\"", true)]
    [InlineData("""{"enum":["personal","groupChat"]}""", "\"groupchat\"", false)]
    [InlineData("""{"enum":[{"a":1}]}""", """{"a":1}""", true)]
    [InlineData("""{"const":"1.29"}""", "\"1.29\"", true)]
    [InlineData("""{"const":"1.29"}""", "\"1.28\"", false)]
    public void Enum_and_const_compare_values_deeply(string schema, string instance, bool valid) =>
        Assert.Equal(valid, Errors(schema, instance).Count == 0);

    [Theory]
    [InlineData("""{"maxLength":3}""", "\"abcd\"", false)]
    [InlineData("""{"maxLength":3}""", "\"abc\"", true)]
    [InlineData("""{"maxLength":1}""", "\"😀\"", true)]
    [InlineData("""{"minLength":2}""", "\"a\"", false)]
    [InlineData("""{"pattern":"^#[0-9a-fA-F]{6}$"}""", "\"#0B5CAD\"", true)]
    [InlineData("""{"pattern":"^#[0-9a-fA-F]{6}$"}""", "\"#0B5CA\"", false)]
    [InlineData("""{"pattern":"b"}""", "\"abc\"", true)]
    [InlineData("""{"format":"uri"}""", "\"https://example.org/x\"", true)]
    [InlineData("""{"format":"uri"}""", "\"not a uri\"", false)]
    [InlineData("""{"format":"email"}""", "\"a@example.org\"", true)]
    [InlineData("""{"format":"email"}""", "\"a.example.org\"", false)]
    [InlineData("""{"maxLength":1}""", "5", true)]
    public void String_keywords_are_checked_and_ignore_other_types(string schema, string instance, bool valid) =>
        Assert.Equal(valid, Errors(schema, instance).Count == 0);

    [Theory]
    [InlineData("""{"minimum":1,"maximum":3}""", "2", true)]
    [InlineData("""{"minimum":1}""", "0", false)]
    [InlineData("""{"maximum":3}""", "4", false)]
    [InlineData("""{"maximum":3,"exclusiveMaximum":true}""", "3", false)]
    [InlineData("""{"minimum":1,"exclusiveMinimum":true}""", "1", false)]
    [InlineData("""{"multipleOf":0.5}""", "1.5", true)]
    [InlineData("""{"multipleOf":2}""", "3", false)]
    public void Number_keywords_are_checked(string schema, string instance, bool valid) =>
        Assert.Equal(valid, Errors(schema, instance).Count == 0);

    [Theory]
    [InlineData("""{"properties":{"a":{"type":"string"}}}""", """{"a":1}""", false)]
    [InlineData("""{"properties":{"a":{"type":"string"}},"additionalProperties":false}""", """{"a":"x","b":1}""", false)]
    [InlineData("""{"properties":{"a":{"type":"string"}},"additionalProperties":false}""", """{"a":"x"}""", true)]
    [InlineData("""{"additionalProperties":{"type":"number"}}""", """{"x":"y"}""", false)]
    [InlineData("""{"patternProperties":{"^x-":{"type":"number"}},"additionalProperties":false}""", """{"x-a":1}""", true)]
    [InlineData("""{"required":["a","b"]}""", """{"a":1}""", false)]
    [InlineData("""{"minProperties":1}""", "{}", false)]
    [InlineData("""{"maxProperties":1}""", """{"a":1,"b":2}""", false)]
    [InlineData("""{"dependencies":{"a":["b"]}}""", """{"a":1}""", false)]
    [InlineData("""{"dependencies":{"a":["b"]}}""", """{"a":1,"b":2}""", true)]
    [InlineData("""{"dependencies":{"a":{"required":["c"]}}}""", """{"a":1}""", false)]
    public void Object_keywords_are_checked(string schema, string instance, bool valid) =>
        Assert.Equal(valid, Errors(schema, instance).Count == 0);

    [Theory]
    [InlineData("""{"items":{"type":"string"}}""", """["a",1]""", false)]
    [InlineData("""{"items":{"type":"string"}}""", """["a","b"]""", true)]
    [InlineData("""{"items":[{"type":"string"},{"type":"number"}],"additionalItems":false}""", """["a",1,2]""", false)]
    [InlineData("""{"items":[{"type":"string"},{"type":"number"}]}""", """["a",1,2]""", true)]
    [InlineData("""{"minItems":1}""", "[]", false)]
    [InlineData("""{"maxItems":1}""", "[1,2]", false)]
    [InlineData("""{"uniqueItems":true}""", """[{"a":1},{"a":1}]""", false)]
    [InlineData("""{"uniqueItems":true}""", "[1,2]", true)]
    public void Array_keywords_are_checked(string schema, string instance, bool valid) =>
        Assert.Equal(valid, Errors(schema, instance).Count == 0);

    [Theory]
    [InlineData("""{"allOf":[{"type":"string"},{"maxLength":2}]}""", "\"abc\"", false)]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"number"}]}""", "true", false)]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"number"}]}""", "1", true)]
    [InlineData("""{"oneOf":[{"type":"number"},{"type":"integer"}]}""", "1", false)]
    [InlineData("""{"oneOf":[{"type":"number"},{"type":"integer"}]}""", "1.5", true)]
    [InlineData("""{"not":{"type":"string"}}""", "\"a\"", false)]
    [InlineData("""{"if":{"properties":{"k":{"const":"a"}}},"then":{"required":["x"]},"else":{"required":["y"]}}""", """{"k":"a"}""", false)]
    [InlineData("""{"if":{"properties":{"k":{"const":"a"}}},"then":{"required":["x"]},"else":{"required":["y"]}}""", """{"k":"b","y":1}""", true)]
    public void Combinators_are_checked(string schema, string instance, bool valid) =>
        Assert.Equal(valid, Errors(schema, instance).Count == 0);

    [Fact]
    public void References_resolve_definitions_and_other_pointers_and_report_the_failing_path()
    {
        const string schema = """
            {
              "definitions": { "guid": { "type": "string", "pattern": "^[0-9a-f]{8}$" } },
              "properties": {
                "id": { "$ref": "#/definitions/guid" },
                "bots": { "type": "array", "items": { "properties": { "botId": { "$ref": "#/properties/id" } } } }
              }
            }
            """;

        Assert.Empty(Errors(schema, """{"id":"0123abcd","bots":[{"botId":"89abcdef"}]}"""));
        var errors = Errors(schema, """{"id":"0123abcd","bots":[{"botId":"nope"}]}""");
        var error = Assert.Single(errors);
        Assert.StartsWith("/bots/0/botId:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_that_does_not_resolve_is_an_error_not_a_pass()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Errors("""{"$ref":"#/definitions/missing"}""", "1"));

        Assert.Contains("does not resolve", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_violation_is_reported_not_only_the_first()
    {
        var errors = Errors("""{"required":["a","b"],"properties":{"c":{"type":"string"}}}""", """{"c":1}""");

        Assert.Equal(3, errors.Count);
    }
}
