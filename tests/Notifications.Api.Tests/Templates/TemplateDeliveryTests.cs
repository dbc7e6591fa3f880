using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing.Smtp;

namespace Notifications.Api.Tests.Templates;

/// <summary>What templates saved through the API do to real sends: sandbox limits, escaping and header safety.</summary>
[Collection(TemplatesApiCollection.Name)]
public sealed class TemplateDeliveryTests(TemplatesApiFixture fixture)
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(10);

    private readonly HttpClient _api = fixture.Client();

    [Fact]
    public async Task An_endless_loop_and_a_10_mb_output_fail_their_channel_fast_while_another_notification_goes_out()
    {
        var loop = TemplateApiCalls.NewType();
        var huge = TemplateApiCalls.NewType();
        await _api.PutTypeAsync(loop, TemplateApiCalls.EmailType("Loop", text: "{{ while true }}again {{ end }}"));
        await _api.PutTypeAsync(huge, TemplateApiCalls.EmailType("Huge", text: "{{ for i in 1..1000 }}{{ \"x\" * 10000 }}{{ end }}"));
        var (userId, email) = await _api.CreateUserAsync();
        var (bystanderId, bystanderEmail) = await _api.CreateUserAsync();
        var clock = Stopwatch.StartNew();

        var ids = await Task.WhenAll(_api.SendAsync(userId, loop), _api.SendAsync(userId, huge), _api.SendAsync(bystanderId, "welcome"));
        var outcomes = await Task.WhenAll(ids.Select(_api.WaitForOutcomeAsync));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        var (looped, grown, bystander) = (outcomes[0], outcomes[1], outcomes[2]);
        Assert.Equal(("dead_lettered", "sent"), (looped.GetProperty("status").GetString(), bystander.GetProperty("status").GetString()));
        Assert.Equal("dead_lettered", grown.GetProperty("status").GetString());
        var loopAttempt = Assert.Single(looped.GetProperty("attempts").EnumerateArray());
        var hugeAttempt = Assert.Single(grown.GetProperty("attempts").EnumerateArray());
        Assert.Equal(("failed", "permanent"), (loopAttempt.GetProperty("status").GetString(), loopAttempt.GetProperty("failureKind").GetString()));
        Assert.Equal(
            "Template error: email.text (en), line 1, column 4: Exceeding number of iteration limit `10000` for loop statement.",
            loopAttempt.GetProperty("error").GetString());
        Assert.Equal(
            "Template error: email.text (en): renders to more than 262144 characters (Notifications:Templates:MaxFieldLength)",
            hugeAttempt.GetProperty("error").GetString());
        Assert.Equal(hugeAttempt.GetProperty("error").GetString(), grown.GetProperty("statusReason").GetString());

        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(bystanderEmail, 1, MailWait));
        Assert.Empty(fixture.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task Line_breaks_in_data_cannot_add_an_email_header()
    {
        var type = TemplateApiCalls.NewType();
        await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("Order {{ data.order }}", text: "Thanks for order {{ data.order }}"));
        var (userId, email) = await _api.CreateUserAsync();
        const string Attack = "A-1\r\nBcc: victim@example.com\r\nX-Injected: yes\r\n\r\n<html>body</html>";

        var sent = await _api.WaitForOutcomeAsync(await _api.SendAsync(userId, type, new { order = Attack }));

        Assert.Equal("sent", sent.GetProperty("status").GetString());
        var received = Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, MailWait));
        Assert.Equal([email], received.Recipients);
        var headers = received.RawMime[..received.RawMime.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.DoesNotContain(headers.Split("\r\n"), line => line.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase)
            || line.StartsWith("X-Injected:", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(received.Message.Bcc);
        Assert.False(received.Message.Headers.Contains("X-Injected"));
        Assert.Equal("Order A-1 Bcc: victim@example.com X-Injected: yes <html>body</html> (en)", received.Message.Subject);
    }

    [Fact]
    public async Task A_script_tag_in_data_arrives_escaped_in_the_html_part()
    {
        var type = TemplateApiCalls.NewType();
        await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("Hi", html: "<p>Hello {{ data.name }}</p><a href=\"{{ data.link }}\">link</a>"));
        var (userId, email) = await _api.CreateUserAsync();

        await _api.WaitForOutcomeAsync(await _api.SendAsync(userId, type, new { name = "<script>alert(1)</script>", link = "\"><script>alert(2)</script>" }));

        var html = Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, MailWait)).Message.HtmlBody;
        Assert.Contains("<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>", html);
        Assert.Contains("href=\"&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;\"", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }
}
