using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Notifications.Api.Tests.Templates;

/// <summary>The API example of templates/README.md, read from the README itself, saves and renders on every channel.</summary>
[Collection(TemplatesApiCollection.Name)]
public sealed class DocumentedExampleTests(TemplatesApiFixture fixture)
{
    private static readonly object SampleData = new
    {
        reset_url = "https://app.example.com/reset/abc",
        code = "493817",
        requested_at = "2025-06-01T23:30:00Z",
    };

    private readonly HttpClient _api = fixture.Client();

    /// <summary>The JSON block after "`password-reset.json`:" in the README the build copies next to the tests.</summary>
    private static string DocumentedBody()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "templates", "README.md"));
        var start = readme.IndexOf("```json", readme.IndexOf("`password-reset.json`:", StringComparison.Ordinal), StringComparison.Ordinal) + "```json".Length;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private async Task<JsonElement> PreviewAsync(string type, string channel, string? locale = null)
    {
        var response = await _api.PostAsJsonAsync($"/api/v1/templates/{type}/preview", new { channel, locale, data = SampleData });
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{channel}: {preview}");
        return preview;
    }

    [Fact]
    public async Task The_documented_example_saves_and_renders_every_channel()
    {
        var type = TemplateApiCalls.NewType();

        var saved = await _api.PutAsync($"/api/v1/templates/{type}", new StringContent(DocumentedBody(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var email = await PreviewAsync(type, "email");
        Assert.Equal("Reset your password, there", email.GetProperty("subject").GetString());
        Assert.Contains("<a href=\"https://app.example.com/reset/abc\">Reset it</a>", email.GetProperty("html").GetString());
        Assert.Equal("Your reset code is 493817. It expires in 30 minutes.", (await PreviewAsync(type, "sms")).GetProperty("text").GetString());
        var push = await PreviewAsync(type, "push");
        Assert.Equal("https://app.example.com/reset/abc", push.GetProperty("data").GetProperty("reset_url").GetString());
        Assert.Equal("https://app.example.com/reset/abc", (await PreviewAsync(type, "webpush")).GetProperty("url").GetString());
        Assert.StartsWith("Requested on ", (await PreviewAsync(type, "inapp")).GetProperty("body").GetString());
        var webhook = JsonDocument.Parse((await PreviewAsync(type, "webhook")).GetProperty("json").GetString()!).RootElement;
        Assert.Equal(type, webhook.GetProperty("type").GetString());

        var brazilian = await PreviewAsync(type, "email", "pt-BR");
        Assert.Equal(("pt-BR", "Redefina sua senha, você"), (brazilian.GetProperty("locale").GetString(), brazilian.GetProperty("subject").GetString()));
        Assert.Equal("en", (await PreviewAsync(type, "push", "pt-BR")).GetProperty("locale").GetString());
    }
}
