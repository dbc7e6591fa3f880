using Notifications.Testing.Smtp;
using Notifications.Contracts;
using Notifications.Grains;

namespace Notifications.Grains.Tests;

public sealed class NotificationGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private async Task<string> CreateUserAsync(string email)
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var result = await _grains.UpsertUserAsync(ClusterFixture.Tenant, userId, new UserProfile("Ada Lovelace", email, Locale: "en"));
        Assert.True(result.IsValid);
        return userId;
    }

    private async Task<NotificationView> WaitForTerminalAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var view = await _grains.GetNotificationAsync(ClusterFixture.Tenant, id);
            Assert.NotNull(view);
            if (view.Status is NotificationStatus.Sent or NotificationStatus.Failed or NotificationStatus.Suppressed or NotificationStatus.DeadLettered)
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Notification {id} is still {view.Status}.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task An_accepted_notification_is_sent_as_an_email_and_its_attempt_recorded()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var userId = await CreateUserAsync(email);

        var result = await _grains.SendNotificationAsync(ClusterFixture.Tenant, new SendNotification(userId, "welcome"));

        Assert.Equal(SubmitOutcome.Accepted, result.Outcome);
        Assert.Equal(NotificationStatus.Accepted, result.Notification!.Status);
        var sent = await WaitForTerminalAsync(result.Notification.Id);
        Assert.Equal(NotificationStatus.Sent, sent.Status);
        var attempt = Assert.Single(sent.Attempts);
        Assert.Equal((Channel.Email, 1, NotificationStatus.Sent), (attempt.Channel, attempt.Number, attempt.Status));
        Assert.NotNull(attempt.ProviderMessageId);
        var message = Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)));
        Assert.Contains(email, message.Recipients);
    }

    [Fact]
    public async Task Resubmitting_the_same_id_sends_once()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var userId = await CreateUserAsync(email);
        var id = NotificationIds.New();
        var request = new SendNotification(userId, "welcome", """{"plan":"pro"}""", [Channel.Email]);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _grains.SendNotificationAsync(ClusterFixture.Tenant, request, id)));
        await WaitForTerminalAsync(id);
        var again = await _grains.SendNotificationAsync(ClusterFixture.Tenant, request with { Channels = new List<Channel> { Channel.Email } }, id);

        Assert.Single(results, result => result.Outcome == SubmitOutcome.Accepted);
        Assert.All(results.Append(again), result => Assert.True(result.IsAccepted));
        Assert.Equal(SubmitOutcome.AlreadyAccepted, again.Outcome);
        await Task.Delay(500);
        Assert.Single(fixture.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task A_different_request_under_a_used_id_is_refused()
    {
        var userId = await CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var id = NotificationIds.New();
        await _grains.SendNotificationAsync(ClusterFixture.Tenant, new SendNotification(userId, "welcome"), id);

        var conflict = await _grains.SendNotificationAsync(ClusterFixture.Tenant, new SendNotification(userId, "order-shipped"), id);

        Assert.Equal(SubmitOutcome.IdConflict, conflict.Outcome);
        Assert.Equal("id", Assert.Single(conflict.Errors).Field);
    }

    [Fact]
    public async Task State_survives_deactivation()
    {
        var userId = await CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var result = await _grains.SendNotificationAsync(ClusterFixture.Tenant, new SendNotification(userId, "welcome"));
        var before = await WaitForTerminalAsync(result.Notification!.Id);

        var grain = _grains.GetGrain<INotificationGrain>(GrainKeys.Compose(ClusterFixture.Tenant, before.Id));
        await fixture.Cluster.DeactivateAsync(grain);
        await fixture.Cluster.DeactivateAsync(_grains.GetGrain<IUserGrain>(GrainKeys.Compose(ClusterFixture.Tenant, userId)));

        var after = await grain.Get();
        Assert.NotNull(after);
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.Attempts, after.Attempts);
        var history = await _grains.GetGrain<IUserGrain>(GrainKeys.Compose(ClusterFixture.Tenant, userId)).GetHistory(10, null);
        Assert.Equal(before.Id, Assert.Single(history.Items).NotificationId);
        Assert.Equal("Ada Lovelace", (await _grains.GetGrain<IUserGrain>(GrainKeys.Compose(ClusterFixture.Tenant, userId)).GetProfile())!.Name);
    }

    [Fact]
    public async Task A_rejected_recipient_fails_permanently_with_the_smtp_reason()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        fixture.Smtp.RejectRecipient(email, 550, "5.1.1 No such user");
        var userId = await CreateUserAsync(email);

        var result = await _grains.SendNotificationAsync(ClusterFixture.Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Email]));
        var failed = await WaitForTerminalAsync(result.Notification!.Id);

        Assert.Equal(NotificationStatus.DeadLettered, failed.Status);
        var attempt = Assert.Single(failed.Attempts);
        Assert.Equal(FailureKind.Permanent, attempt.FailureKind);
        Assert.Contains("550", attempt.Error);
    }

    [Fact]
    public async Task Unknown_users_and_types_are_refused_before_anything_is_stored()
    {
        var userId = await CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var unknownUserId = NotificationIds.New();

        var unknownUser = await _grains.SendNotificationAsync(ClusterFixture.Tenant, new SendNotification("nobody", "welcome"), unknownUserId);
        var unknownType = await _grains.SendNotificationAsync(ClusterFixture.Tenant, new SendNotification(userId, "no-such-type"));

        Assert.Equal(SubmitOutcome.UnknownUser, unknownUser.Outcome);
        Assert.Equal(SubmitOutcome.UnknownType, unknownType.Outcome);
        Assert.Null(await _grains.GetNotificationAsync(ClusterFixture.Tenant, unknownUserId));
    }

    [Fact]
    public async Task A_user_without_an_email_address_is_suppressed_with_the_reason()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        await _grains.UpsertUserAsync(ClusterFixture.Tenant, userId, new UserProfile("No Mail"));

        var result = await _grains.SendNotificationAsync(ClusterFixture.Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Email]));
        var suppressed = await WaitForTerminalAsync(result.Notification!.Id);

        Assert.Equal(NotificationStatus.Suppressed, suppressed.Status);
        Assert.Equal(StatusReasons.NoAddress, suppressed.StatusReason);
        Assert.Empty(suppressed.Attempts);
    }

    [Fact]
    public async Task Tenants_do_not_see_each_other()
    {
        var userId = await CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        var result = await _grains.SendNotificationAsync(ClusterFixture.Tenant, new SendNotification(userId, "welcome"));

        Assert.Null(await _grains.GetNotificationAsync("other-tenant", result.Notification!.Id));
        var elsewhere = await _grains.SendNotificationAsync("other-tenant", new SendNotification(userId, "welcome"));
        Assert.Equal(SubmitOutcome.UnknownUser, elsewhere.Outcome);
    }
}
