using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Notifications.Api.Tests.Delivery.DeliveryApi;

namespace Notifications.Api.Tests.Delivery;

public sealed class DeadLettersApiTests(DeliveryApiFixture fixture) : IClassFixture<DeliveryApiFixture>
{
    private readonly HttpClient _admin = fixture.As(DeliveryApiFixture.AdminKey);

    private async Task<(string Id, string Email)> DeadLetterAsync(string type = "welcome")
    {
        var (userId, email) = await CreateUserAsync(_admin);
        fixture.Smtp.RejectRecipient(email, 550, "5.1.1 No such user");
        var id = await AcceptedIdAsync(await PostAsync(_admin, new { userId, type, channels = new[] { "email" } }));
        await WaitForStatusAsync(_admin, id, "dead_lettered");
        return (id, email);
    }

    [Fact]
    public async Task A_dead_letter_is_listed_inspected_replayed_and_then_sent()
    {
        var (id, email) = await DeadLetterAsync("order-shipped");

        var page = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/dead-letters?type=order-shipped&channel=email&limit=200");
        var listed = page.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("notificationId").GetString() == id);
        var detail = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/dead-letters/{id}");

        Assert.Equal(["email"], listed.GetProperty("channels").EnumerateArray().Select(channel => channel.GetString()));
        Assert.Contains("550", listed.GetProperty("lastError").GetString());
        Assert.Equal("dead_lettered", detail.GetProperty("status").GetString());
        Assert.Equal("permanent", detail.GetProperty("attempts")[0].GetProperty("failureKind").GetString());

        fixture.Smtp.AcceptRecipient(email);
        var replay = await _admin.PostAsync($"/api/v1/dead-letters/{id}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal($"/api/v1/notifications/{id}", replay.Headers.Location?.OriginalString);
        var sent = await WaitForStatusAsync(_admin, id, "sent");

        Assert.Equal(2, sent.GetProperty("attempts").GetArrayLength());
        var after = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/dead-letters?type=order-shipped&limit=200");
        Assert.DoesNotContain(after.GetProperty("items").EnumerateArray(), item => item.GetProperty("notificationId").GetString() == id);
        await ProblemAsync(await _admin.GetAsync($"/api/v1/dead-letters/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await _admin.PostAsync($"/api/v1/dead-letters/{id}/replay", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_discarded_dead_letter_is_gone_from_the_list_and_its_notification_says_why()
    {
        var (id, _) = await DeadLetterAsync();

        var discard = await _admin.DeleteAsync($"/api/v1/dead-letters/{id}");
        var notification = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/{id}");
        var again = await _admin.DeleteAsync($"/api/v1/dead-letters/{id}");

        Assert.Equal(HttpStatusCode.NoContent, discard.StatusCode);
        Assert.Equal(("cancelled", "dead_letter_discarded"), (notification.GetProperty("status").GetString(), notification.GetProperty("statusReason").GetString()));
        await ProblemAsync(again, HttpStatusCode.Conflict);
        await ProblemAsync(await _admin.GetAsync($"/api/v1/dead-letters/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await _admin.DeleteAsync($"/api/v1/dead-letters/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_pages_with_a_cursor()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await DeadLetterAsync()).Id);
        }

        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"));
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/dead-letters?limit=1&from={from}" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("notificationId").GetString()!));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Superset(ids.ToHashSet(), seen.ToHashSet());
        Assert.True(seen.IndexOf(ids[2]) < seen.IndexOf(ids[0]), "Newest first.");
    }

    [Fact]
    public async Task Dead_letters_need_the_admin_scope()
    {
        var sender = fixture.As(DeliveryApiFixture.SenderKey);

        await ProblemAsync(await sender.GetAsync("/api/v1/dead-letters"), HttpStatusCode.Forbidden);
        await ProblemAsync(await sender.PostAsync($"/api/v1/dead-letters/{Guid.NewGuid()}/replay", null), HttpStatusCode.Forbidden);
        await ProblemAsync(await sender.DeleteAsync($"/api/v1/dead-letters/{Guid.NewGuid()}"), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("channel=fax", "channel")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=not-ours", "cursor")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    public async Task A_query_that_makes_no_sense_is_refused(string query, string field)
    {
        var problem = await ProblemAsync(await _admin.GetAsync($"/api/v1/dead-letters?{query}"), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }
}
