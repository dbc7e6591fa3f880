using Notifications.Persistence.Tests.Infrastructure;

namespace Notifications.Persistence.Tests;

public sealed class DeliveryLogTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    // The batched shape the delivery pipeline will use: one statement, one array per column.
    private const string AppendBatch = """
        INSERT INTO delivery_log (tenant, notification_id, channel, attempt, status, user_id, at, error, provider_message_id)
        SELECT * FROM unnest(@tenants, @ids, @channels, @attempts, @statuses, @users, @ats, @errors, @messageIds)
        ON CONFLICT DO NOTHING
        """;

    [Fact]
    public async Task A_retried_batch_is_stored_once_and_a_receipt_finds_its_row()
    {
        var notification = Guid.NewGuid().ToString("N");
        var at = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        (string Name, object Value)[] batch =
        [
            ("tenants", new[] { "acme", "acme", "acme" }),
            ("ids", new[] { notification, notification, notification }),
            ("channels", new[] { "sms", "sms", "email" }),
            ("attempts", new[] { 1, 1, 1 }),
            ("statuses", new[] { "sending", "sent", "failed" }),
            ("users", new[] { "ada", "ada", "ada" }),
            ("ats", new[] { at, at.AddSeconds(1), at.AddSeconds(2) }),
            ("errors", new string?[] { null, null, "mailbox unavailable" }),
            ("messageIds", new string?[] { null, $"SM{notification}", null }),
        ];

        var firstTry = await fixture.Database.ExecuteAsync(AppendBatch, default, batch);
        var retry = await fixture.Database.ExecuteAsync(AppendBatch, default, batch);

        Assert.Equal(3, firstTry);
        Assert.Equal(0, retry);
        Assert.Equal(3L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM delivery_log WHERE tenant = 'acme' AND notification_id = @id", default, ("id", notification)));
        Assert.Equal(notification, await fixture.Database.ScalarAsync<string>(
            "SELECT notification_id FROM delivery_log WHERE provider_message_id = @messageId", default, ("messageId", $"SM{notification}")));
    }

    [Fact]
    public async Task An_audit_entry_keeps_its_details_as_json()
    {
        var target = $"key-{Guid.NewGuid():N}";
        await fixture.Database.ExecuteAsync(
            "INSERT INTO audit_log (tenant, actor, action, target, at, details) VALUES ('acme', 'admin-key', 'api-key.rotate', @target, now(), @details::jsonb)",
            default, ("target", target), ("details", """{"scopes":["send","read"]}"""));

        var scopes = await fixture.Database.ScalarAsync<string>(
            "SELECT details -> 'scopes' ->> 1 FROM audit_log WHERE tenant = 'acme' AND target = @target", default, ("target", target));

        Assert.Equal("read", scopes);
    }
}
