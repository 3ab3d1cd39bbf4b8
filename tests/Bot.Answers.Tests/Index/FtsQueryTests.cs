using Bot.Answers.Index;

namespace Bot.Answers.Tests.Index;

public class FtsQueryTests
{
    [Fact]
    public void Every_term_is_quoted_and_embedded_quotes_are_doubled()
    {
        Assert.Equal("\"a\"\"b\" OR \"AND\" OR \"answer:\" OR \"x*\"", FtsQuery.AnyOf(["a\"b", "AND", "answer:", "x*"]));
    }

    [Fact]
    public void Blank_and_duplicate_terms_are_dropped()
    {
        Assert.Equal("\"spasm\"", FtsQuery.AnyOf(["spasm", " ", "", "spasm"]));
        Assert.Equal("", FtsQuery.AnyOf([]));
    }
}
