using Microsoft.Extensions.Options;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Providers.GoogleAI;

namespace VideoGen.Tests.Providers;

public sealed class VertexCredentialsTests
{
    [Theory]
    [InlineData("not a key at all: secret-material-7731")]
    [InlineData("{\"type\": \"service_account\", \"private_key\": \"secret-material-7731\"")]
    public async Task A_key_that_is_not_a_service_account_key_stops_the_run_without_showing_its_content(string json)
    {
        var credentials = new VertexCredentials(Options.Create(new GoogleAIOptions { ProjectId = "p", CredentialsJson = json }));

        var failure = await Assert.ThrowsAsync<SettingsRefusedException>(() => credentials.GetTokenAsync(CancellationToken.None));

        Assert.Contains("Vertex:CredentialsJson", failure.Message);
        Assert.DoesNotContain("secret-material-7731", failure.Message);
    }

    [Fact]
    public async Task A_static_access_token_is_used_as_it_is()
    {
        var credentials = new VertexCredentials(Options.Create(new GoogleAIOptions { ProjectId = "p", AccessToken = " token-1 \n" }));

        Assert.Equal("token-1", await credentials.GetTokenAsync(CancellationToken.None));
    }
}
