using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using WireMock;

namespace Notifications.Api.Tests.Channels;

/// <summary>SMS through the API to a WireMock fake of Twilio's Messages API, and Twilio's signed status callbacks back.</summary>
[Collection(ChannelsCollection.Name)]
public sealed class SmsChannelTests(ChannelsApiFixture fixture)
{
    private readonly HttpClient api = fixture.Api;

    [Fact]
    public async Task Twilio_receives_the_message_form_with_basic_auth_and_a_status_callback_naming_the_notification()
    {
        var (phone, sid) = (ChannelsApi.NewPhone(), NewSid());
        fixture.AnswerTwilio(phone, 201, $$"""{"sid":"{{sid}}","status":"queued","error_code":null}""");
        var userId = await api.CreateUserAsync(phone: phone);

        var id = await api.SendOnAsync(userId, "sms");

        var notification = await api.WaitForStatusAsync(id, "sent");
        Assert.Equal(sid, notification.GetProperty("attempts")[0].GetProperty("providerMessageId").GetString());
        var request = Assert.Single(TwilioRequestsTo(phone));
        Assert.Equal("POST", request.Method);
        Assert.Equal(ChannelsApiFixture.TwilioMessagesPath, request.Path);
        Assert.Equal(
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ChannelsApiFixture.TwilioAccountSid}:{ChannelsApiFixture.TwilioAuthToken}")),
            request.Headers!["Authorization"].Single());
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"].Single());
        Assert.Equal(
            $"To=%2B{phone[1..]}&From=%2B15005550006&Body=Order+42+shipped+with+DHL."
            + $"&StatusCallback=https%3A%2F%2Fnotify.acme.test%2Fapi%2Fv1%2Fproviders%2Ftwilio%2Fstatus%3Fnotification%3Dacme%252F{id}",
            request.Body);
    }

    [Fact]
    public async Task Signed_receipts_move_the_notification_from_sent_to_delivered()
    {
        var (phone, sid, id, callbackUrl) = await SentSmsAsync();
        var twilio = fixture.CreateClient();

        var sent = await twilio.PostTwilioStatusAsync(callbackUrl, ChannelsApi.TwilioReceipt(sid, phone, "sent"));
        Assert.Equal(HttpStatusCode.NoContent, sent.StatusCode);
        Assert.Equal("sent", await api.StatusOfAsync(id));

        var delivered = await twilio.PostTwilioStatusAsync(callbackUrl, ChannelsApi.TwilioReceipt(sid, phone, "delivered"));

        Assert.Equal(HttpStatusCode.NoContent, delivered.StatusCode);
        Assert.Equal("delivered", await api.StatusOfAsync(id));
    }

    [Fact]
    public async Task A_bad_or_missing_signature_is_a_403_problem_and_changes_nothing()
    {
        var (phone, sid, id, callbackUrl) = await SentSmsAsync();
        var twilio = fixture.CreateClient();
        var receipt = ChannelsApi.TwilioReceipt(sid, phone, "delivered");
        var signedWithAnotherToken = Notifications.Channels.Sms.TwilioSignature.Compute("not-our-token", callbackUrl, receipt);
        var signedForAnotherNotification = Notifications.Channels.Sms.TwilioSignature.Compute(
            ChannelsApiFixture.TwilioAuthToken, callbackUrl.Replace(id, Guid.NewGuid().ToString(), StringComparison.Ordinal), receipt);

        foreach (var response in new[]
        {
            await twilio.PostTwilioStatusAsync(callbackUrl, receipt, signedWithAnotherToken),
            await twilio.PostTwilioStatusAsync(callbackUrl, receipt, signedForAnotherNotification),
            await twilio.PostTwilioStatusAsync(callbackUrl, receipt, signed: false),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal("sent", await api.StatusOfAsync(id));
    }

    [Fact]
    public async Task Out_of_order_and_repeated_receipts_never_move_the_status_back()
    {
        var (phone, sid, id, callbackUrl) = await SentSmsAsync();
        var twilio = fixture.CreateClient();

        foreach (var status in new[] { "delivered", "sent", "queued", "delivered", "undelivered" })
        {
            var response = await twilio.PostTwilioStatusAsync(callbackUrl, ChannelsApi.TwilioReceipt(sid, phone, status));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.Equal("delivered", await api.StatusOfAsync(id));
    }

    [Fact]
    public async Task An_undelivered_receipt_fails_the_notification_with_twilios_reason()
    {
        var (phone, sid, id, callbackUrl) = await SentSmsAsync();

        var response = await fixture.CreateClient().PostTwilioStatusAsync(callbackUrl, ChannelsApi.TwilioReceipt(sid, phone, "undelivered", "30003"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var notification = await api.WaitForStatusAsync(id, "failed");
        Assert.Equal("twilio undelivered: 30003 unreachable destination handset", notification.GetProperty("statusReason").GetString());
    }

    [Fact]
    public async Task A_receipt_for_a_notification_we_do_not_know_is_acknowledged_and_ignored()
    {
        var callbackUrl = $"{ChannelsApiFixture.PublicStatusCallbackUrl}?notification=acme%2F{Guid.NewGuid()}";

        var response = await fixture.CreateClient().PostTwilioStatusAsync(callbackUrl, ChannelsApi.TwilioReceipt(NewSid(), ChannelsApi.NewPhone(), "delivered"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_stop_reported_in_a_receipt_opts_the_phone_out_so_the_next_sms_is_suppressed()
    {
        var (phone, sid, id, callbackUrl) = await SentSmsAsync();
        var userId = (await api.WaitForStatusAsync(id, "sent")).GetProperty("userId").GetString()!;

        var response = await fixture.CreateClient().PostTwilioStatusAsync(callbackUrl, ChannelsApi.TwilioReceipt(sid, phone, "failed", "21610"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await api.WaitForStatusAsync(id, "failed");
        var next = await api.WaitForStatusAsync(await api.SendOnAsync(userId, "sms"), "suppressed");
        // A legal opt-out of the address is reported as the user having unsubscribed from the channel.
        Assert.Equal("unsubscribed", next.GetProperty("statusReason").GetString());
        Assert.Single(TwilioRequestsTo(phone));
    }

    [Fact]
    public async Task A_stop_in_twilios_answer_to_the_send_opts_the_phone_out_so_the_next_sms_is_suppressed()
    {
        var phone = ChannelsApi.NewPhone();
        fixture.AnswerTwilio(phone, 400, """{"code":21610,"message":"Attempt to send to unsubscribed recipient","more_info":"https://www.twilio.com/docs/errors/21610","status":400}""");
        var userId = await api.CreateUserAsync(phone: phone);

        var first = await api.WaitForStatusAsync(await api.SendOnAsync(userId, "sms"), "dead_lettered");
        var next = await api.WaitForStatusAsync(await api.SendOnAsync(userId, "sms"), "suppressed");

        Assert.Contains("21610", first.GetProperty("statusReason").GetString());
        // A legal opt-out of the address is reported as the user having unsubscribed from the channel.
        Assert.Equal("unsubscribed", next.GetProperty("statusReason").GetString());
        Assert.Single(TwilioRequestsTo(phone));
    }

    /// <summary>An SMS sent and accepted by Twilio: the phone, Twilio's message sid, our id, and the callback URL Twilio was given.</summary>
    private async Task<(string Phone, string Sid, string Id, string CallbackUrl)> SentSmsAsync()
    {
        var (phone, sid) = (ChannelsApi.NewPhone(), NewSid());
        fixture.AnswerTwilio(phone, 201, $$"""{"sid":"{{sid}}","status":"queued"}""");
        var userId = await api.CreateUserAsync(phone: phone);
        var id = await api.SendOnAsync(userId, "sms");
        await api.WaitForStatusAsync(id, "sent");
        var form = QueryHelpers.ParseQuery(Assert.Single(TwilioRequestsTo(phone)).Body);
        return (phone, sid, id, form["StatusCallback"].Single()!);
    }

    private List<IRequestMessage> TwilioRequestsTo(string phone) =>
        [.. fixture.Twilio.LogEntries.Select(entry => entry.RequestMessage).Where(request => request.Body?.StartsWith($"To={Uri.EscapeDataString(phone)}&", StringComparison.Ordinal) == true)];

    private static string NewSid() => $"SM{Guid.NewGuid():N}";
}
