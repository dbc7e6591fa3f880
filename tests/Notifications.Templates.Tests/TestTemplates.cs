using Microsoft.Extensions.Options;
using Notifications.Templates.Rendering;

namespace Notifications.Templates.Tests;

/// <summary>Template sets written in code, recipients and renderers for the tests.</summary>
internal static class TestTemplates
{
    public static readonly UserProfile Ana = new("Ana", "ana@example.com", "+351912345678", "pt-PT", "Europe/Lisbon");

    /// <summary>The folder the build copies next to the tests, as it does next to every app.</summary>
    public static string ShippedFolder => Path.Combine(AppContext.BaseDirectory, "templates");

    /// <summary>
    /// A renderer with the default limits, except a render time generous enough for a first, cold render on a loaded
    /// CI machine; the tests of the time limit pass their own options.
    /// </summary>
    public static ScribanTemplateRenderer Renderer(TemplateOptions? options = null) =>
        new(Options.Create(options ?? new TemplateOptions { RenderTimeout = TimeSpan.FromSeconds(30) }));

    public static TemplateSet Set(Channel channel, ChannelTemplate template, string locale = "en") =>
        Set(new Dictionary<string, Dictionary<Channel, ChannelTemplate>> { [locale] = new() { [channel] = template } }, locale);

    public static TemplateSet Set(Dictionary<string, Dictionary<Channel, ChannelTemplate>> locales, string defaultLocale = "en", string type = "test") =>
        new(type, 1, "transactional", Priority.Standard, defaultLocale,
            locales.ToDictionary(locale => locale.Key, locale => new LocaleTemplates(locale.Value)));

    public static TemplateModel Model(string? dataJson = null, UserProfile? recipient = null, string type = "test") =>
        new("0197a1b2-0000-7000-8000-000000000001", type, dataJson, recipient ?? new UserProfile("Ada", "ada@example.com", Locale: "en"));

    public static RenderedContent Rendered(this RenderResult result)
    {
        Assert.True(result.Succeeded, $"Expected the render to succeed, but: {result.Error}");
        return result.Content!;
    }

    public static string Failure(this RenderResult result)
    {
        Assert.False(result.Succeeded, "Expected the render to fail, but it succeeded.");
        Assert.Null(result.Content);
        return result.Error!;
    }
}
