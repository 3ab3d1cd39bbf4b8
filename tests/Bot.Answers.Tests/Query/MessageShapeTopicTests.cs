using Bot.Answers.Query;

namespace Bot.Answers.Tests.Query;

public sealed class MessageShapeTopicTests
{
    [Theory]
    [InlineData("how successful is it?", "microvascular decompression", "how successful is it microvascular decompression?")]
    [InlineData("is that safe ?!", "botox", "is that safe botox?!")]
    [InlineData("and for children", "surgery", "and for children surgery")]
    [InlineData("how long does it last. ", "botox", "how long does it last botox.")]
    public void The_topic_goes_inside_the_question_before_its_closing_punctuation(string text, string topic, string expected)
    {
        Assert.Equal(expected, MessageShape.WithTopic(text, topic));
    }
}
