using VideoGen.Worker.Providers.Local;

namespace VideoGen.Tests.Providers;

public sealed class KeyPointsTests
{
    [Theory]
    [InlineData("When people talk about the average, they usually mean the mean: add up all the values and divide by how many there are.", "They usually mean the mean")]
    [InlineData("Let's look at the for loop, the most common kind of loop in Python programs written by beginners and experts alike.", "Look at the for loop")]
    [InlineData("A list keeps its items in order.", "A list keeps its items in order")]
    [InlineData("The interpreter reads every line of the program from the top to the bottom and runs each one in turn without stopping", "The interpreter reads every line of the program from…")]
    public void A_sentence_becomes_a_short_point(string sentence, string point) => Assert.Equal(point, KeyPoints.Shorten(sentence));
}
