namespace Notifications.Templates.Tests;

public sealed class CachingTests
{
    [Fact]
    public void A_field_is_parsed_once_and_then_rendered_from_the_cache()
    {
        var renderer = TestTemplates.Renderer();
        var set = TestTemplates.Set(Channel.Email, new ChannelTemplate(Subject: "Hi {{ user.name }}", Text: "Text", Html: "<p>{{ user.name }}</p>"));

        var first = renderer.Render(set, Channel.Email, TestTemplates.Model(recipient: new UserProfile("Ada")));
        Assert.Equal((3L, 0L), (renderer.Compilations, renderer.CacheHits));

        var second = renderer.Render(set, Channel.Email, TestTemplates.Model(recipient: new UserProfile("Grace")));

        Assert.Equal((3L, 3L), (renderer.Compilations, renderer.CacheHits));
        Assert.Equal("Hi Ada", first.Rendered().Subject);
        Assert.Equal("Hi Grace", second.Rendered().Subject);
    }

    [Fact]
    public void Another_version_or_another_source_under_the_same_version_is_parsed_anew()
    {
        var renderer = TestTemplates.Renderer();
        var tenantA = TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: "A {{ user.name }}"));
        var tenantB = TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: "B {{ user.name }}"));

        var a = renderer.Render(tenantA, Channel.Sms, TestTemplates.Model());
        var b = renderer.Render(tenantB, Channel.Sms, TestTemplates.Model());
        var a2 = renderer.Render(tenantA with { Version = 2 }, Channel.Sms, TestTemplates.Model());

        Assert.Equal(("A Ada", "B Ada", "A Ada"), (a.Rendered().Text, b.Rendered().Text, a2.Rendered().Text));
        Assert.Equal(3, renderer.Compilations);
    }

    [Fact]
    public void Concurrent_renders_of_the_same_template_do_not_interfere()
    {
        var renderer = TestTemplates.Renderer();
        var set = TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: "{{ for i in 1..3 }}{{ data.n }}{{ end }}"));

        var results = Enumerable.Range(0, 200).AsParallel()
            .Select(n => (n, text: renderer.Render(set, Channel.Sms, TestTemplates.Model($$"""{"n":{{n}}}""")).Rendered().Text))
            .ToArray();

        Assert.All(results, result => Assert.Equal($"{result.n}{result.n}{result.n}", result.text));
    }
}
