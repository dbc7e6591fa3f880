using Notifications.Templates.Rendering;

namespace Notifications.Templates.Tests;

public sealed class LocaleFallbackTests
{
    private static readonly TemplateSet Greeting = TestTemplates.Set(new()
    {
        ["en"] = new() { [Channel.Sms] = new(Text: "Hello"), [Channel.Push] = new(Title: "Hello", Body: "en push") },
        ["pt"] = new() { [Channel.Sms] = new(Text: "Olá"), [Channel.Push] = new(Title: "Olá", Body: "pt push") },
        ["pt-BR"] = new() { [Channel.Sms] = new(Text: "Oi") },
    });

    [Theory]
    [InlineData("pt-BR", "pt-BR", "Oi")]
    [InlineData("pt-PT", "pt", "Olá")]
    [InlineData("pt", "pt", "Olá")]
    [InlineData("de-DE", "en", "Hello")]
    [InlineData(null, "en", "Hello")]
    [InlineData("PT-br", "pt-BR", "Oi")]
    public void The_recipient_locale_then_its_language_then_the_default_is_used(string? recipientLocale, string expectedLocale, string expectedText)
    {
        var result = TestTemplates.Renderer().Render(Greeting, Channel.Sms, TestTemplates.Model(recipient: new UserProfile(Locale: recipientLocale)));

        Assert.Equal(expectedText, result.Rendered().Text);
        Assert.Equal(expectedLocale, result.Locale);
    }

    [Fact]
    public void A_locale_without_the_channel_falls_back_for_that_channel_only()
    {
        var renderer = TestTemplates.Renderer();
        var brazilian = TestTemplates.Model(recipient: new UserProfile(Locale: "pt-BR"));

        var push = renderer.Render(Greeting, Channel.Push, brazilian);

        Assert.Equal("pt", push.Locale);
        Assert.Equal("pt push", push.Rendered().Body);
    }

    [Fact]
    public void The_chain_goes_from_most_to_least_specific_and_ends_with_the_default()
    {
        Assert.Equal(["zh-Hant-TW", "zh-Hant", "zh", "en"], LocaleFallback.Chain("zh-Hant-TW", "en"));
        Assert.Equal(["en-GB", "en"], LocaleFallback.Chain("en-GB", "en"));
        Assert.Equal(["en"], LocaleFallback.Chain(null, "en"));
    }

    [Fact]
    public void A_channel_the_type_has_no_template_for_is_an_error_not_an_exception()
    {
        var error = TestTemplates.Renderer().Render(Greeting, Channel.Email, TestTemplates.Model()).Failure();

        Assert.Equal("type 'test' has no email template", error);
    }
}
