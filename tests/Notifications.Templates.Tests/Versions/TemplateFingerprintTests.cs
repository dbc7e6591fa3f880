using Notifications.Templates.Versions;

namespace Notifications.Templates.Tests.Versions;

public sealed class TemplateFingerprintTests
{
    private static readonly TemplateSet Welcome = TestTemplates.Set(new()
    {
        ["en"] = new() { [Channel.Email] = new(Subject: "Hi", Text: "Hello"), [Channel.Sms] = new(Text: "Hi") },
        ["pt"] = new() { [Channel.Sms] = new(Text: "Oi") },
    });

    [Fact]
    public void The_same_content_has_the_same_fingerprint_whatever_its_number_name_or_order()
    {
        var reordered = Welcome with
        {
            Type = "other",
            Version = 7,
            Locales = Welcome.Locales.Reverse().ToDictionary(
                locale => locale.Key, locale => new LocaleTemplates(locale.Value.Channels.Reverse().ToDictionary())),
        };

        Assert.Equal(TemplateFingerprint.Of(Welcome), TemplateFingerprint.Of(reordered));
    }

    [Fact]
    public void Any_change_of_content_changes_the_fingerprint()
    {
        var changes = new[]
        {
            Welcome with { Category = "marketing" },
            Welcome with { DefaultPriority = Priority.Critical },
            Welcome with { DefaultLocale = "pt" },
            TestTemplates.Set(new()
            {
                ["en"] = new() { [Channel.Email] = new(Subject: "Hi", Text: "Hello!"), [Channel.Sms] = new(Text: "Hi") },
                ["pt"] = new() { [Channel.Sms] = new(Text: "Oi") },
            }),
            // A source moved from one field to another is a change, even though the text is the same.
            TestTemplates.Set(new()
            {
                ["en"] = new() { [Channel.Email] = new(Subject: "Hi", Html: "Hello"), [Channel.Sms] = new(Text: "Hi") },
                ["pt"] = new() { [Channel.Sms] = new(Text: "Oi") },
            }),
        };

        var fingerprints = changes.Select(TemplateFingerprint.Of).Append(TemplateFingerprint.Of(Welcome)).ToArray();

        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
    }
}
