using System.Diagnostics;

namespace Notifications.Templates.Tests;

/// <summary>A template cannot run forever, grow without bound, read files or reach .NET objects; it fails with a clear error instead.</summary>
public sealed class SandboxTests
{
    private static RenderResult RenderSms(string template, TemplateOptions? options = null, string data = "{}") =>
        TestTemplates.Renderer(options).Render(TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: template)), Channel.Sms, TestTemplates.Model(data));

    [Fact]
    public void An_endless_loop_stops_at_the_loop_limit()
    {
        var watch = Stopwatch.StartNew();

        var error = RenderSms("{{ while true }}again {{ end }}").Failure();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.Equal("sms.text (en), line 1, column 4: Exceeding number of iteration limit `10000` for loop statement.", error);
    }

    [Fact]
    public void An_endless_loop_stops_at_the_time_limit_when_loops_are_unbounded()
    {
        var options = new TemplateOptions { LoopLimit = 0, RenderTimeout = TimeSpan.FromMilliseconds(200) };
        var watch = Stopwatch.StartNew();

        var result = RenderSms("{{ i = 0; while true; i = i + 1; end }}", options);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Equal("sms.text (en): rendering took longer than 200 ms (Notifications:Templates:RenderTimeout); is there an endless loop?", result.Failure());
        Assert.True(result.TimedOut, "a timeout may be a busy machine, so the notification retries it");
    }

    [Fact]
    public void A_template_error_is_not_a_timeout()
    {
        var result = RenderSms("{{ for i in 1..1000; for j in 1..1000; end; end }}");

        Assert.False(result.TimedOut);
    }

    [Fact]
    public void Nested_loops_share_one_budget()
    {
        var error = RenderSms("{{ for i in 1..1000; for j in 1..1000; end; end }}").Failure();

        Assert.Contains("iteration limit `10000`", error);
    }

    [Fact]
    public void Ten_megabytes_of_output_fail_fast_at_the_field_limit()
    {
        var watch = Stopwatch.StartNew();

        var error = RenderSms("{{ for i in 1..1000 }}{{ \"x\" * 10000 }}{{ end }}").Failure();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.Equal("sms.text (en): renders to more than 262144 characters (Notifications:Templates:MaxFieldLength)", error);
    }

    [Fact]
    public void A_huge_range_fails_at_the_loop_limit()
    {
        var error = RenderSms("{{ 1..100000000 }}").Failure();

        Assert.Equal("sms.text (en), line 1, column 5: Range expression exceeds LoopLimit `10000`.", error);
    }

    [Fact]
    public void Data_too_large_to_write_as_JSON_fails_at_the_field_limit()
    {
        var set = TestTemplates.Set(Channel.Webhook, new ChannelTemplate(Json: "{ \"items\": {{ data.items }} }"));
        var data = System.Text.Json.JsonSerializer.Serialize(new { items = Enumerable.Repeat(new string('x', 100), 3000) });

        var error = TestTemplates.Renderer().Render(set, Channel.Webhook, TestTemplates.Model(data)).Failure();

        Assert.Contains("larger than 262144 bytes as JSON", error);
    }

    [Fact]
    public void One_huge_string_fails_before_it_is_built()
    {
        var error = RenderSms("{{ \"x\" * 10000000 }}").Failure();

        Assert.Equal("sms.text (en), line 1, column 10: String multiplication exceeds LimitToString `262144`.", error);
    }

    [Fact]
    public void A_string_doubling_itself_is_stopped_at_the_limit()
    {
        var error = RenderSms("{{ s = \"x\"; for i in 1..40; s = s + s; end; s | string.size }}").Failure();

        Assert.Contains("LimitToString `262144`", error);
    }

    [Fact]
    public void The_field_limit_is_configurable()
    {
        var error = RenderSms("{{ \"x\" * 200 }}", new TemplateOptions { MaxFieldLength = 100 }).Failure();

        Assert.Contains("100", error);
    }

    [Fact]
    public void Endless_recursion_stops_at_the_recursion_limit()
    {
        var error = RenderSms("{{ func down(n); ret down(n + 1); end; down(0) }}").Failure();

        Assert.Contains("Exceeding number of recursive depth limit `50`", error);
    }

    [Theory]
    [InlineData("{{ include 'welcome/en/email.subject.sbn' }}")]
    [InlineData("{{ include '/etc/passwd' }}")]
    [InlineData("{{ include_join ['/etc/passwd'] ', ' }}")]
    public void Include_is_refused(string template)
    {
        var error = RenderSms(template).Failure();

        Assert.Contains("include is not allowed", error);
        Assert.DoesNotContain("root:", error);
    }

    [Fact]
    public void Text_from_the_data_is_never_evaluated_as_a_template()
    {
        var error = RenderSms("{{ object.eval data.code }}", data: """{"code":"1 + 1"}""").Failure();

        Assert.Contains("sms.text (en), line 1, column 4", error);
    }

    [Fact]
    public void A_template_cannot_change_the_builtins_other_renders_use()
    {
        var renderer = TestTemplates.Renderer();
        var tamper = TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: "{{ string.upcase = 'hacked'; string.extra = 'leak' }}done"));
        var victim = TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: "{{ 'ok' | string.upcase }}{{ string.extra }}"));

        var tampered = renderer.Render(tamper, Channel.Sms, TestTemplates.Model());

        Assert.False(tampered.Succeeded);
        Assert.Equal("OK", renderer.Render(victim, Channel.Sms, TestTemplates.Model()).Rendered().Text);
    }

    [Fact]
    public void Values_a_template_produces_expose_no_dotnet_members()
    {
        var content = RenderSms("[{{ (data.x | raw).text }}][{{ data.x.length }}][{{ date.now.year > 2000 }}][{{ for kv in data }}{{ kv.key }}={{ kv.value }}{{ end }}]", data: """{"x":"abc"}""").Rendered();

        // raw's wrapper and strings show nothing; dates and key/value pairs of a loop keep their plain properties.
        Assert.Equal("[][][true][x=abc]", content.Text);
    }

    [Fact]
    public void Data_member_names_are_kept_exactly_as_in_the_JSON()
    {
        var content = RenderSms("{{ data.firstName }}|{{ data.first_name }}|{{ data[\"Order-Id\"] }}", data: """{"firstName":"Ada","Order-Id":"A-1"}""").Rendered();

        Assert.Equal("Ada||A-1", content.Text);
    }

    [Fact]
    public void Data_that_is_not_a_JSON_object_is_a_render_error()
    {
        var error = RenderSms("{{ data }}", data: "[1,2]").Failure();

        Assert.Equal("the notification's data must be a JSON object", error);
    }
}
