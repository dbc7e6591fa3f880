using Notifications.Templates.Fields;
using Notifications.Templates.Validation;

namespace Notifications.Templates.Tests;

public sealed class ValidationTests
{
    [Fact]
    public void A_parse_error_names_the_locale_channel_field_line_and_column()
    {
        var set = TestTemplates.Set(new()
        {
            ["en"] = new() { [Channel.Email] = new(Subject: "Hi", Text: "ok") },
            ["pt-BR"] = new() { [Channel.Email] = new(Subject: "Oi", Text: "Linha 1\nOlá {{ user.name + }}") },
        });

        var error = Assert.Single(TemplateValidator.Validate(set));

        Assert.Equal(("pt-BR", Channel.Email, TemplateField.Text, 2, 20), (error.Locale, error.Channel, error.Field, error.Line, error.Column));
        Assert.Contains("Expecting an <expression> to the right of the operator", error.Message);
        Assert.Equal("locales.pt-BR.email.text", error.Path);
        Assert.Equal(new ValidationError("locales.pt-BR.email.text", $"line 2, column 20: {error.Message}"), error.ToValidationError());
    }

    [Fact]
    public void A_valid_set_has_no_errors() =>
        Assert.Empty(TemplateValidator.Validate(TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: "Hi {{ user.name }}"))));

    [Fact]
    public void A_channel_without_the_fields_it_needs_or_with_fields_it_does_not_have_is_refused()
    {
        var set = TestTemplates.Set(new()
        {
            ["en"] = new()
            {
                [Channel.Email] = new(Text: "no subject"),
                [Channel.Sms] = new(Text: "hi", Title: "sms has no title"),
                [Channel.Webhook] = new(),
            },
        });

        var errors = TemplateValidator.Validate(set).Select(error => error.ToString()).ToArray();

        Assert.Equal(
        [
            "locales.en.email: email needs a subject",
            "locales.en.sms.title: sms has no title field",
            "locales.en.webhook: webhook needs a json body",
        ], errors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Names_locales_and_the_default_locale_are_checked()
    {
        var set = new TemplateSet("Bad Type", 1, "", Priority.Standard, "fr",
            new Dictionary<string, LocaleTemplates>
            {
                ["en"] = new(new Dictionary<Channel, ChannelTemplate> { [Channel.Sms] = new(Text: "hi") }),
                ["not a locale"] = new(new Dictionary<Channel, ChannelTemplate>()),
            });

        var errors = TemplateValidator.Validate(set).Select(error => error.ToString()).ToArray();

        Assert.Contains(errors, error => error.StartsWith("type 'Bad Type' must be", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("category '' must be", StringComparison.Ordinal));
        Assert.Contains("defaultLocale 'fr' has no templates", errors);
        Assert.Contains("locales.not a locale: 'not a locale' is not a locale such as en or pt-BR", errors);
    }

    [Fact]
    public void A_channel_missing_from_the_default_locale_would_never_be_used()
    {
        var set = TestTemplates.Set(new()
        {
            ["en"] = new() { [Channel.Sms] = new(Text: "hi") },
            ["pt"] = new() { [Channel.Sms] = new(Text: "olá"), [Channel.Push] = new(Title: "olá") },
        });

        var error = Assert.Single(TemplateValidator.Validate(set));

        Assert.Equal("locales.pt.push: the default locale 'en' has no push template, so this one would never be used", error.ToString());
    }

    [Fact]
    public void A_parse_error_at_render_time_is_a_render_error_with_its_position()
    {
        var set = TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: "Hi\n  {{ for }}"));

        var error = TestTemplates.Renderer().Render(set, Channel.Sms, TestTemplates.Model()).Failure();

        Assert.StartsWith("sms.text (en), line 2, column ", error);
    }
}
