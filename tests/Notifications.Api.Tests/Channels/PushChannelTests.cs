using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Notifications.Api.Tests.Templates;
using Notifications.Testing.Fcm;

namespace Notifications.Api.Tests.Channels;

/// <summary>Mobile push through the API: FCM HTTP v1 (WireMock, with its token endpoint) and APNs over HTTP/2 (a local TLS server).</summary>
[Collection(ChannelsCollection.Name)]
public sealed class PushChannelTests(ChannelsApiFixture fixture)
{
    private readonly HttpClient api = fixture.Api;

    [Fact]
    public async Task Fcm_receives_the_v1_message_with_the_service_accounts_bearer_token()
    {
        var token = $"fcm-device-{Guid.NewGuid():N}";
        var userId = await api.CreateUserAsync();
        await api.AddDeviceAsync(userId, "fcm", token);

        var id = await api.SendOnAsync(userId, "push");

        await api.WaitForStatusAsync(id, "sent");
        var send = Assert.Single(fixture.Google.LogEntries.Select(entry => entry.RequestMessage),
            request => request.Path == ChannelsApiFixture.FcmSendPath && request.Body!.Contains(token, StringComparison.Ordinal));
        Assert.Equal("POST", send.Method);
        Assert.Equal($"Bearer {ChannelsApiFixture.FcmAccessToken}", send.Headers!["Authorization"].Single());
        var expected = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["token"] = token,
                ["notification"] = new JsonObject { ["title"] = "Order 42 shipped", ["body"] = "With DHL." },
                ["data"] = new JsonObject { ["order_id"] = "42", ["notificationId"] = id },
                ["android"] = new JsonObject { ["priority"] = "high" },
                ["apns"] = new JsonObject { ["headers"] = new JsonObject { ["apns-priority"] = "10" } },
            },
        };
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(send.Body!)), send.Body);

        // The bearer token came from the service account's token_uri, for a JWT signed with its key.
        var grant = QueryHelpers.ParseQuery(fixture.Google.LogEntries.Select(entry => entry.RequestMessage).First(request => request.Path == "/token").Body);
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", grant["grant_type"].Single());
        var parts = grant["assertion"].Single()!.Split('.');
        Assert.True(fixture.Fcm.Key.VerifyData(
            Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Apns_receives_the_alert_over_http2_with_its_headers_and_a_provider_token_signed_with_our_key()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var userId = await api.CreateUserAsync();
        await api.AddDeviceAsync(userId, "apns", token);
        var before = DateTimeOffset.UtcNow;

        var id = await api.SendOnAsync(userId, "push");

        await api.WaitForStatusAsync(id, "sent");
        var after = DateTimeOffset.UtcNow;
        var request = Assert.Single(fixture.Apns.Requests, request => request.Path == $"/3/device/{token}");
        Assert.Equal(("2.0", "POST"), (request.HttpVersion, request.Method));
        Assert.Equal(ChannelsApiFixture.ApnsBundleId, request.Headers["apns-topic"]);
        Assert.Equal("alert", request.Headers["apns-push-type"]);
        Assert.Equal("10", request.Headers["apns-priority"]);
        Assert.Equal(id, request.Headers["apns-collapse-id"]);
        var expiration = long.Parse(request.Headers["apns-expiration"], CultureInfo.InvariantCulture);
        Assert.InRange(expiration, before.AddSeconds(ChannelsApiFixture.ApnsTimeToLiveSeconds).ToUnixTimeSeconds(), after.AddSeconds(ChannelsApiFixture.ApnsTimeToLiveSeconds).ToUnixTimeSeconds());
        var expectedBody = new JsonObject
        {
            ["aps"] = new JsonObject { ["alert"] = new JsonObject { ["title"] = "Order 42 shipped", ["body"] = "With DHL." }, ["sound"] = "default" },
            ["order_id"] = "42",
            ["notificationId"] = id,
        };
        Assert.True(JsonNode.DeepEquals(expectedBody, JsonNode.Parse(request.Body)), request.Body);

        var authorization = request.Headers["authorization"];
        Assert.StartsWith("bearer ", authorization);
        var parts = authorization["bearer ".Length..].Split('.');
        Assert.True(fixture.ApnsSigningKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256));
        Assert.True(JsonNode.DeepEquals(
            new JsonObject { ["alg"] = "ES256", ["kid"] = ChannelsApiFixture.ApnsKeyId }, JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))));
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        Assert.Equal(ChannelsApiFixture.ApnsTeamId, claims["iss"]!.GetValue<string>());
        Assert.InRange(claims["iat"]!.GetValue<long>(), before.AddHours(-1).ToUnixTimeSeconds(), after.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task An_fcm_token_reported_unregistered_is_removed_from_the_user()
    {
        var (gone, kept) = ($"fcm-gone-{Guid.NewGuid():N}", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        fixture.AnswerFcm(gone, 404, FcmErrorBodies.Unregistered);
        var userId = await api.CreateUserAsync();
        await api.AddDeviceAsync(userId, "fcm", gone);
        await api.AddDeviceAsync(userId, "apns", kept);
        Assert.Equal(2, (await api.GetUserAsync(userId)).GetProperty("devices").GetArrayLength());

        var id = await api.SendOnAsync(userId, "push");

        var notification = await api.WaitForOutcomeAsync(id);
        Assert.Equal("address_gone", notification.GetProperty("attempts")[0].GetProperty("failureKind").GetString());
        var devices = (await api.GetUserAsync(userId)).GetProperty("devices");
        var device = Assert.Single(devices.EnumerateArray());
        Assert.Equal(("apns", kept), (device.GetProperty("platform").GetString(), device.GetProperty("token").GetString()));
    }
}
