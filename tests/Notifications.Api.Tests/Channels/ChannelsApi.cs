using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Api.Tests.Delivery;
using Notifications.Channels.Sms;

namespace Notifications.Api.Tests.Channels;

/// <summary>What the channel tests do as an API user would: users with contacts, sends, Twilio's callbacks.</summary>
internal static class ChannelsApi
{
    public static string NewUserId() => $"user-{Guid.NewGuid():N}";

    /// <summary>A fresh E.164 number, so that each test has its own Twilio answers and opt-outs.</summary>
    public static string NewPhone() => "+1415" + Random.Shared.Next(1_000_000, 10_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<string> CreateUserAsync(this HttpClient api, string? phone = null, string? webhookUrl = null)
    {
        var userId = NewUserId();
        var response = await api.PutAsJsonAsync($"/api/v1/users/{userId}", new { name = "Ada Lovelace", locale = "en", phone, webhookUrl });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return userId;
    }

    public static async Task AddDeviceAsync(this HttpClient api, string userId, string platform, string token)
    {
        var response = await api.PostAsJsonAsync($"/api/v1/users/{userId}/devices", new { platform, token });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task AddWebPushSubscriptionAsync(this HttpClient api, string userId, string subscriptionJson)
    {
        var response = await api.PostAsync(
            $"/api/v1/users/{userId}/webpush-subscriptions", new StringContent(subscriptionJson, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Task<JsonElement> GetUserAsync(this HttpClient api, string userId) =>
        api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}");

    /// <summary>Sends the fixture's type on one channel (order 42, shipped with DHL) and returns the notification id.</summary>
    public static async Task<string> SendOnAsync(this HttpClient api, string userId, string channel) =>
        await DeliveryApi.AcceptedIdAsync(await DeliveryApi.PostAsync(api, new
        {
            userId,
            type = ChannelsApiFixture.Type,
            channels = new[] { channel },
            data = new { order_id = "42", carrier = "DHL" },
        }));

    public static Task<JsonElement> WaitForStatusAsync(this HttpClient api, string id, string status) => DeliveryApi.WaitForStatusAsync(api, id, status);

    public static async Task<string> StatusOfAsync(this HttpClient api, string id) =>
        (await api.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/{id}")).GetProperty("status").GetString()!;

    /// <summary>
    /// Posts a status callback as Twilio would to <paramref name="callbackUrl"/> (the public URL it was given): to that
    /// URL's path and query on the API, signed with the auth token over the public URL, unless a test forges the signature.
    /// </summary>
    public static async Task<HttpResponseMessage> PostTwilioStatusAsync(
        this HttpClient anonymous, string callbackUrl, IReadOnlyDictionary<string, string> fields, string? signature = null, bool signed = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(callbackUrl).PathAndQuery) { Content = new FormUrlEncodedContent(fields) };
        if (signed)
        {
            request.Headers.Add(TwilioSignature.HeaderName, signature ?? TwilioSignature.Compute(ChannelsApiFixture.TwilioAuthToken, callbackUrl, fields));
        }

        var response = await anonymous.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>The form of a Twilio status callback for a message.</summary>
    public static Dictionary<string, string> TwilioReceipt(string messageSid, string phone, string status, string? errorCode = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["AccountSid"] = ChannelsApiFixture.TwilioAccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["From"] = ChannelsApiFixture.TwilioFrom,
            ["MessageSid"] = messageSid,
            ["MessageStatus"] = status,
            ["SmsSid"] = messageSid,
            ["SmsStatus"] = status,
            ["To"] = phone,
        };
        if (errorCode is not null)
        {
            fields["ErrorCode"] = errorCode;
        }

        return fields;
    }
}
