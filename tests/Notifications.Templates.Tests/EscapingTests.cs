using System.Text.Json;

namespace Notifications.Templates.Tests;

/// <summary>Data cannot change the structure around it: HTML is escaped, JSON is encoded, single-line fields stay single-line.</summary>
public sealed class EscapingTests
{
    private const string Script = """{"name":"<script>alert('x')</script> & co","snippet":"<b>bold</b>"}""";

    private static RenderedContent Render(Channel channel, ChannelTemplate template, string data) =>
        TestTemplates.Renderer().Render(TestTemplates.Set(channel, template), channel, TestTemplates.Model(data)).Rendered();

    [Fact]
    public void Script_in_data_arrives_escaped_in_html()
    {
        var email = Render(Channel.Email, new(Subject: "Hi", Html: "<p>Hello {{ data.name }}</p>"), Script);

        Assert.Equal("<p>Hello &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co</p>", email.Html);
    }

    [Fact]
    public void Raw_lets_trusted_markup_through_in_html()
    {
        var email = Render(Channel.Email, new(Subject: "Hi", Html: "<p>{{ data.snippet | raw }} {{ data.snippet }}</p>"), Script);

        Assert.Equal("<p><b>bold</b> &lt;b&gt;bold&lt;/b&gt;</p>", email.Html);
    }

    [Fact]
    public void A_captured_block_is_escaped_once_when_printed_with_raw()
    {
        var email = Render(Channel.Email, new(Subject: "Hi", Html: "{{ capture line }}<b>{{ data.name }}</b>{{ end }}<p>{{ line | raw }}</p>"), Script);

        Assert.Equal("<p><b>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co</b></p>", email.Html);
    }

    [Fact]
    public void Escaping_is_for_html_only_text_keeps_the_characters()
    {
        var email = Render(Channel.Email, new(Subject: "For {{ data.name }}", Text: "Hello {{ data.name }}"), Script);

        Assert.Equal("Hello <script>alert('x')</script> & co", email.Text);
        Assert.Equal("For <script>alert('x')</script> & co", email.Subject);
    }

    [Fact]
    public void Escaping_covers_quotes_so_data_cannot_leave_an_attribute()
    {
        var email = Render(Channel.Email, new(Subject: "Hi", Html: "<a href=\"{{ data.url }}\">x</a>"), """{"url":"\" onclick=\"steal()"}""");

        Assert.Equal("<a href=\"&quot; onclick=&quot;steal()\">x</a>", email.Html);
    }

    [Fact]
    public void A_line_break_in_data_cannot_enter_a_subject()
    {
        var email = Render(Channel.Email, new(Subject: "Order {{ data.id }}", Text: "x"), """{"id":"42\r\nBcc: victim@example.com"}""");

        Assert.Equal("Order 42 Bcc: victim@example.com", email.Subject);
        Assert.DoesNotContain("\r", email.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", email.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Titles_and_links_are_single_line_too()
    {
        var push = Render(Channel.WebPush, new(Title: "{{ data.t }}\n", Body: "b\nc", Url: "https://example.com/{{ data.path }}"),
            """{"t":"line1\nline2\u2028line3","path":"a\r\nb"}""");

        Assert.Equal("line1 line2 line3", push.Title);
        Assert.Equal("https://example.com/ab", push.Url);
        Assert.Equal("b\nc", push.Body);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("java\nscript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    public void A_link_cannot_run_script(string url)
    {
        var set = TestTemplates.Set(Channel.InApp, new ChannelTemplate(Title: "t", Url: "{{ data.url }}"));

        var error = TestTemplates.Renderer().Render(set, Channel.InApp, TestTemplates.Model(JsonSerializer.Serialize(new { url }))).Failure();

        Assert.StartsWith("inapp.url (en): a link may not use the ", error);
    }

    [Fact]
    public void Data_cannot_add_members_to_a_webhook_body()
    {
        var webhook = Render(Channel.Webhook, new(Json: """{ "name": "{{ data.name }}", "admin": false }"""), """{"name":"x\", \"admin\": true, \"y\": \""}""");

        using var json = JsonDocument.Parse(webhook.Json!);
        Assert.False(json.RootElement.GetProperty("admin").GetBoolean());
        Assert.Equal("x\", \"admin\": true, \"y\": \"", json.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public void Objects_arrays_and_numbers_are_written_as_JSON_in_json_fields()
    {
        var webhook = Render(Channel.Webhook, new(Json: """{ "data": {{ data }}, "total": {{ data.total }}, "paid": {{ data.paid }} }"""),
            """{"total":1234.5,"paid":true,"items":[{"sku":"A","qty":2}],"note":null}""");

        Assert.Equal("""{ "data": {"total":1234.5,"paid":true,"items":[{"sku":"A","qty":2}],"note":null}, "total": 1234.5, "paid": true }""", webhook.Json);
    }

    [Fact]
    public void A_json_field_that_does_not_render_JSON_is_an_error()
    {
        var set = TestTemplates.Set(Channel.Webhook, new ChannelTemplate(Json: "{ \"name\": {{ data.name }} }"));

        var error = TestTemplates.Renderer().Render(set, Channel.Webhook, TestTemplates.Model("""{"name":"Ada"}""")).Failure();

        Assert.StartsWith("webhook.json (en): did not render valid JSON:", error);
    }

    [Fact]
    public void Push_data_becomes_a_map_of_strings()
    {
        var push = Render(Channel.Push, new(Title: "t", Data: """{ "order_id": "{{ data.id }}", "count": {{ data.count }}, "skip": null }"""), """{"id":"A-1","count":3}""");

        Assert.Equal(new Dictionary<string, string> { ["order_id"] = "A-1", ["count"] = "3" }, push.Data);
    }
}
