using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Testing.Smtp;
using static Notifications.Api.Tests.Delivery.DeliveryApi;

namespace Notifications.Api.Tests.Delivery;

public sealed class SchedulingApiTests(DeliveryApiFixture fixture) : IClassFixture<DeliveryApiFixture>
{
    private readonly HttpClient _api = fixture.As(DeliveryApiFixture.SenderKey);

    [Fact]
    public async Task A_scheduled_notification_answers_scheduled_and_a_cancel_before_its_time_stops_it()
    {
        var (userId, email) = await CreateUserAsync(_api);
        var at = DateTimeOffset.UtcNow.AddHours(1);

        var response = await PostAsync(_api, new { userId, type = "welcome", scheduleAt = at });
        var id = await AcceptedIdAsync(response);
        var accepted = await JsonAsync(response);
        var waiting = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/{id}");
        var cancel = await _api.PostAsync($"/api/v1/notifications/{id}/cancel", null);
        var cancelled = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        var again = await _api.PostAsync($"/api/v1/notifications/{id}/cancel", null);

        Assert.Equal("scheduled", accepted.GetProperty("status").GetString());
        Assert.Equal(at, waiting.GetProperty("nextAttemptAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled_by_caller", cancelled.GetProperty("statusReason").GetString());
        await ProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Empty(fixture.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task A_sent_notification_cannot_be_cancelled_and_an_unknown_one_is_not_found()
    {
        var (userId, _) = await CreateUserAsync(_api);
        var id = await AcceptedIdAsync(await PostAsync(_api, new { userId, type = "welcome" }));
        await WaitForStatusAsync(_api, id, "sent");

        var problem = await ProblemAsync(await _api.PostAsync($"/api/v1/notifications/{id}/cancel", null), HttpStatusCode.Conflict);
        await ProblemAsync(await _api.PostAsync($"/api/v1/notifications/{Guid.NewGuid()}/cancel", null), HttpStatusCode.NotFound);

        Assert.Contains("sent", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Send_at_local_time_is_scheduled_for_nine_in_the_recipients_zone()
    {
        var (userId, _) = await CreateUserAsync(_api, "Asia/Tokyo");

        var id = await AcceptedIdAsync(await PostAsync(_api, new { userId, type = "welcome", sendAtLocal = "09:00" }));
        var waiting = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/{id}");
        var due = waiting.GetProperty("nextAttemptAt").GetDateTimeOffset();

        Assert.Equal("scheduled", waiting.GetProperty("status").GetString());
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime));
        Assert.InRange(due - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.OK, (await _api.PostAsync($"/api/v1/notifications/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task Scheduling_fields_are_checked()
    {
        var (userId, _) = await CreateUserAsync(_api);

        var both = await ProblemAsync(
            await PostAsync(_api, new { userId, type = "welcome", scheduleAt = DateTimeOffset.UtcNow.AddHours(1), sendAtLocal = "09:00" }), HttpStatusCode.BadRequest);
        var badTime = await ProblemAsync(await PostAsync(_api, new { userId, type = "welcome", sendAtLocal = "9am" }), HttpStatusCode.BadRequest);
        var badInstant = await ProblemAsync(await PostAsync(_api, new { userId, type = "welcome", scheduleAt = "tomorrow" }), HttpStatusCode.BadRequest);
        var badCallback = await ProblemAsync(await PostAsync(_api, new { userId, type = "welcome", callbackUrl = "ftp://example.com" }), HttpStatusCode.BadRequest);

        Assert.True(both.GetProperty("errors").TryGetProperty("sendAtLocal", out _));
        Assert.True(badTime.GetProperty("errors").TryGetProperty("sendAtLocal", out _));
        Assert.True(badInstant.GetProperty("errors").TryGetProperty("scheduleAt", out _));
        Assert.True(badCallback.GetProperty("errors").TryGetProperty("callbackUrl", out _));
    }
}
