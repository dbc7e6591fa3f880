using InboxEvents = System.Threading.Channels;
using Notifications.Channels;
using Notifications.Contracts;
using Notifications.Grains.Channels;
using Orleans.Streams;

namespace Notifications.Grains.Tests.Inbox;

public sealed class InboxGrainTests(InboxClusterFixture fixture) : IClassFixture<InboxClusterFixture>
{
    private const string Tenant = InboxClusterFixture.Tenant;
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    private readonly IClusterClient _grains = fixture.Client;

    private async Task<string> CreateUserAsync(UserProfile profile)
    {
        var userId = $"user-{Guid.NewGuid():N}";
        Assert.True((await _grains.UpsertUserAsync(Tenant, userId, profile)).IsValid);
        return userId;
    }

    private IInboxGrain InboxOf(string userId) => _grains.GetGrain<IInboxGrain>(GrainKeys.Compose(Tenant, userId));

    private async Task<NotificationView> WaitForTerminalAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var view = await _grains.GetNotificationAsync(Tenant, id);
            if (view?.Status is NotificationStatus.Sent or NotificationStatus.Failed or NotificationStatus.Suppressed)
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Notification {id} is still {view?.Status}.");
            await Task.Delay(50);
        }
    }

    private async Task<(InboxEvents.ChannelReader<InboxEvent> Events, StreamSubscriptionHandle<InboxEvent> Subscription)> SubscribeAsync(string userId)
    {
        var events = InboxEvents.Channel.CreateUnbounded<InboxEvent>();
        var stream = _grains.GetStreamProvider(InboxStreams.ProviderName)
            .GetStream<InboxEvent>(StreamId.Create(InboxStreams.Namespace, GrainKeys.Compose(Tenant, userId)));
        var subscription = await stream.SubscribeAsync((change, _) => events.Writer.WriteAsync(change).AsTask());
        return (events.Reader, subscription);
    }

    [Fact]
    public async Task An_in_app_notification_lands_in_the_inbox_with_its_rendered_content()
    {
        var userId = await CreateUserAsync(new UserProfile("Ada Lovelace", Locale: "en"));

        var result = await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", """{"plan":"Pro"}""", [Channel.InApp]));
        var sent = await WaitForTerminalAsync(result.Notification!.Id);

        Assert.Equal(NotificationStatus.Sent, sent.Status);
        var attempt = Assert.Single(sent.Attempts);
        Assert.Equal((Channel.InApp, sent.Id), (attempt.Channel, attempt.ProviderMessageId));
        var page = await InboxOf(userId).List(InboxFilter.All, 10, null);
        var message = Assert.Single(page.Items);
        Assert.Equal(sent.Id, message.Id);
        Assert.Equal("Welcome, Ada Lovelace!", message.Title);
        Assert.Equal("Your Acme account is ready on the Pro plan.", message.Body);
        Assert.Equal("https://app.example.com/login", message.Url);
        Assert.Equal(new InboxCounts(1, 1, 1), page.Counts);
    }

    [Fact]
    public async Task A_user_with_no_address_at_all_still_gets_the_in_app_message()
    {
        var userId = await CreateUserAsync(new UserProfile("No Contacts"));

        var result = await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome"));
        var sent = await WaitForTerminalAsync(result.Notification!.Id);

        Assert.Equal(NotificationStatus.Sent, sent.Status);
        Assert.Equal(Channel.InApp, Assert.Single(sent.Attempts).Channel);
        Assert.Equal(1, (await InboxOf(userId).GetCounts()).Unread);
    }

    [Fact]
    public async Task A_retried_delivery_never_shows_twice()
    {
        var userId = await CreateUserAsync(new UserProfile("Ada"));
        var notificationId = NotificationIds.New();
        var content = new RenderedContent(Title: "Your order shipped", Body: "Track it.", Url: "/orders/1");
        var worker = _grains.GetGrain<IChannelWorkerGrain>(Channel.InApp.ToWireName());

        var first = await worker.Deliver(new OutboundMessage(Tenant, notificationId, userId, Channel.InApp, "inbox", content, 1, Priority.Standard));
        var retried = await worker.Deliver(new OutboundMessage(Tenant, notificationId, userId, Channel.InApp, "inbox", content, 2, Priority.Standard));

        Assert.Equal((DeliveryOutcome.Sent, notificationId), (first.Outcome, first.ProviderMessageId));
        Assert.Equal((DeliveryOutcome.Sent, notificationId), (retried.Outcome, retried.ProviderMessageId));
        Assert.Equal(new InboxCounts(1, 1, 1), await InboxOf(userId).GetCounts());
    }

    [Fact]
    public async Task A_template_with_an_unsafe_action_url_fails_permanently_and_stores_nothing()
    {
        var userId = await CreateUserAsync(new UserProfile("Ada"));
        var worker = _grains.GetGrain<IChannelWorkerGrain>(Channel.InApp.ToWireName());

        var result = await worker.Deliver(new OutboundMessage(
            Tenant, NotificationIds.New(), userId, Channel.InApp, "inbox", new RenderedContent(Title: "Hi", Url: "javascript:alert(1)"), 1, Priority.Standard));

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Equal(0, (await InboxOf(userId).GetCounts()).Total);
    }

    [Fact]
    public async Task A_caller_of_the_grain_gets_errors_not_an_exception()
    {
        var inbox = InboxOf($"user-{Guid.NewGuid():N}");

        var result = await inbox.Add(new InboxMessageDraft("bad/id", new string('x', 1000), Url: "//evil.example"));

        Assert.Null(result.Message);
        Assert.Equal(["notificationId", "title", "url"], result.Errors.Select(error => error.Field));
        Assert.Equal(0, (await inbox.GetCounts()).Total);
    }

    [Fact]
    public async Task Every_change_is_published_live_with_the_counts_after_it()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var inbox = InboxOf(userId);
        var (events, subscription) = await SubscribeAsync(userId);

        await inbox.Add(new InboxMessageDraft("n1", "First"));
        await inbox.Add(new InboxMessageDraft("n2", "Second"));
        await inbox.Add(new InboxMessageDraft("n1", "First, retried"));
        await inbox.Mark("n1", InboxMark.Read);
        await inbox.Mark("n1", InboxMark.Read);
        await inbox.MarkAll(InboxMark.Seen);

        var received = new List<InboxEvent>();
        while (received.Count < 4)
        {
            received.Add(await events.ReadAsync().AsTask().WaitAsync(EventTimeout));
        }

        Assert.Equal(
            [(InboxEventKind.Added, "n1"), (InboxEventKind.Added, "n2"), (InboxEventKind.Updated, "n1"), (InboxEventKind.AllMarked, (string?)null)],
            received.Select(change => (change.Kind, change.Message?.Id)));
        Assert.Equal(
            [new InboxCounts(1, 1, 1), new InboxCounts(2, 2, 2), new InboxCounts(1, 1, 2), new InboxCounts(1, 0, 2)],
            received.Select(change => change.Counts));
        Assert.Equal(InboxMark.Seen, received[3].Mark);
        await subscription.UnsubscribeAsync();
    }

    [Fact]
    public async Task The_inbox_survives_deactivation()
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var inbox = InboxOf(userId);
        await inbox.Add(new InboxMessageDraft("n1", "First", "Body", "https://example.com/1"));
        await inbox.Add(new InboxMessageDraft("n2", "Second"));
        await inbox.Mark("n2", InboxMark.Archived);
        var before = await inbox.List(InboxFilter.All, 10, null);

        await fixture.Cluster.DeactivateAsync(inbox);

        var after = await InboxOf(userId).List(InboxFilter.All, 10, null);
        Assert.Equal(before.Items, after.Items);
        Assert.Equal(new InboxCounts(1, 1, 1), after.Counts);
        Assert.Equal("n2", Assert.Single((await inbox.List(InboxFilter.Archived, 10, null)).Items).Id);
    }
}
