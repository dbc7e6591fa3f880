using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notifications.Contracts;
using Notifications.Grains.Hosting;
using Notifications.Grains.Notifications;
using Notifications.Testing.Smtp;
using Orleans.Storage;
using Orleans.TestingHost;
using static Notifications.Grains.Tests.Delivery.DeliveryCluster;

namespace Notifications.Grains.Tests.Delivery;

/// <summary>
/// A dispatch step that throws (here: the notifications' storage refuses one write, as a database that restarts does)
/// neither loses the stored notification nor leaves it stalled: the grain reloads what is stored and tries again after
/// its dispatch retry delay, on its own, without a sweeper or a reminder.
/// </summary>
public sealed class DispatchFailureTests(DispatchFailureFixture fixture) : IClassFixture<DispatchFailureFixture>
{
    /// <summary>NotificationGrain.DispatchRetryDelay.</summary>
    private static readonly TimeSpan DispatchRetryDelay = TimeSpan.FromSeconds(10);

    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task A_write_that_fails_before_the_provider_call_is_retried_after_the_delay_and_sent_once()
    {
        var (userId, email, _) = await CreateUserAsync(_grains);
        fixture.Storage.FailNextWrite(userId, NotificationStatus.Sending);

        var id = (await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Email]))).Notification!.Id;
        await fixture.Storage.WaitForFailureAsync(userId);

        // The grain holds what is stored again (reads interleave, so they may see the refused change for a moment):
        // accepted, no attempt, nothing sent, and it stays so until the retry delay has passed.
        await WaitForAsync(_grains, id, view => view is { Status: NotificationStatus.Accepted, Attempts.Count: 0 }, "reloaded as accepted");
        await Task.Delay(300);
        Assert.Equal(NotificationStatus.Accepted, (await _grains.GetNotificationAsync(Tenant, id))!.Status);
        Assert.Empty(fixture.Smtp.MessagesTo(email));

        fixture.Clock.Advance(DispatchRetryDelay);
        var sent = await WaitForStatusAsync(_grains, id, NotificationStatus.Sent);

        var attempt = Assert.Single(sent.Attempts);
        Assert.Equal((1, NotificationStatus.Sent), (attempt.Number, attempt.Status));
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_write_that_fails_after_the_provider_call_is_retried_as_an_interrupted_attempt()
    {
        var (userId, email, _) = await CreateUserAsync(_grains);
        fixture.Storage.FailNextWrite(userId, NotificationStatus.Sent);

        var id = (await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Email]))).Notification!.Id;
        await fixture.Storage.WaitForFailureAsync(userId);

        // The stored state says the attempt was in flight: whether the provider got it is unknown to the grain.
        await WaitForAsync(
            _grains, id, view => view is { Status: NotificationStatus.Sending, Attempts: [{ Status: NotificationStatus.Sending }] }, "reloaded as in flight");
        await Task.Delay(300);
        Assert.Equal(NotificationStatus.Sending, (await _grains.GetNotificationAsync(Tenant, id))!.Status);
        Assert.Single(fixture.Smtp.MessagesTo(email));

        fixture.Clock.Advance(DispatchRetryDelay);
        var sent = await WaitForStatusAsync(_grains, id, NotificationStatus.Sent);

        Assert.Equal([(1, NotificationStatus.Failed), (2, NotificationStatus.Sent)], sent.Attempts.Select(attempt => (attempt.Number, attempt.Status)));
        Assert.Equal(FailureKind.Retryable, sent.Attempts[0].FailureKind);

        // At least once: the provider got it twice, both times under the same message id.
        var emails = await fixture.Smtp.WaitForMessagesToAsync(email, 2, TimeSpan.FromSeconds(10));
        Assert.Single(emails.Select(message => message.Message.MessageId).Distinct());
    }

    [Fact]
    public async Task When_the_state_cannot_be_read_back_either_the_retry_reads_it_first_and_records_no_attempt_that_never_happened()
    {
        var (userId, email, _) = await CreateUserAsync(_grains);
        fixture.Storage.FailNextWrite(userId, NotificationStatus.Sending, failReadBack: true);

        var id = (await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Email]))).Notification!.Id;
        await fixture.Storage.WaitForFailureAsync(userId);
        await Task.Delay(300);
        Assert.Empty(fixture.Smtp.MessagesTo(email));
        Assert.Equal(NotificationStatus.Accepted, fixture.StoredNotification(id)!.Status);

        fixture.Clock.Advance(DispatchRetryDelay);
        var sent = await WaitForStatusAsync(_grains, id, NotificationStatus.Sent);

        var attempt = Assert.Single(sent.Attempts);
        Assert.Equal((1, NotificationStatus.Sent), (attempt.Number, attempt.Status));
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task When_the_final_status_cannot_be_stored_nor_read_back_the_grain_does_not_take_its_own_memory_for_done()
    {
        var (userId, email, _) = await CreateUserAsync(_grains);
        fixture.Storage.FailNextWrite(userId, NotificationStatus.Sent, failReadBack: true);

        var id = (await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, "welcome", Channels: [Channel.Email]))).Notification!.Id;
        await fixture.Storage.WaitForFailureAsync(userId);
        await Task.Delay(300);
        Assert.Equal(NotificationStatus.Sending, fixture.StoredNotification(id)!.Status);

        fixture.Clock.Advance(DispatchRetryDelay);

        // The retry starts from what is stored (an attempt in flight), so what is stored ends sent, not only the memory.
        await WaitForAsync(_grains, id, _ => fixture.StoredNotification(id)!.Status == NotificationStatus.Sent, "stored as sent");
        var stored = fixture.StoredNotification(id)!;
        Assert.Equal([(1, NotificationStatus.Failed), (2, NotificationStatus.Sent)], stored.Attempts.Select(attempt => (attempt.Number, attempt.Status)));
        Assert.Equal(2, (await fixture.Smtp.WaitForMessagesToAsync(email, 2, TimeSpan.FromSeconds(10))).Count);
    }
}

/// <summary>One silo on a fake clock whose notification storage can be told to refuse a write.</summary>
public sealed class DispatchFailureFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 10, 5, 0, 0, TimeSpan.Zero));

    public SmtpSink Smtp { get; } = SmtpSink.Start();

    public FailingWrites Storage { get; } = new();

    public NotificationState? StoredNotification(string id) => NotificationStorage.Stored(id);

    private FailingGrainStorage NotificationStorage =>
        (FailingGrainStorage)Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Notifications);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Notifications:Email:Smtp:Host"] = Smtp.Host,
                ["Notifications:Email:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Notifications:Email:Smtp:UseTls"] = "None",
                ["Notifications:Email:From"] = "Acme <no-reply@acme.test>",
            });
            host.Services.AddSingleton<TimeProvider>(Clock);
            host.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            host.Services.AddNotificationsGrainServices(host.Configuration);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            foreach (var name in StorageNames.All.Where(name => name != StorageNames.Notifications))
            {
                silo.AddMemoryGrainStorage(name);
            }

            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Notifications, (services, _) =>
                new FailingGrainStorage(ActivatorUtilities.CreateInstance<InProcessGrainStorage>(services, StorageNames.Notifications), Storage));
            silo.UseInMemoryReminderService();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// Which notification writes to refuse: the next one of a user's notification that would store a given status, and if
/// asked, the read that follows it too (a database that is down for more than one round trip).
/// </summary>
public sealed class FailingWrites
{
    private readonly ConcurrentDictionary<string, (NotificationStatus Status, bool FailReadBack)> armed = new();
    private readonly ConcurrentDictionary<string, byte> failingReads = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> failed = new();

    public void FailNextWrite(string userId, NotificationStatus status, bool failReadBack = false)
    {
        armed[userId] = (status, failReadBack);
        failed[userId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task WaitForFailureAsync(string userId) => failed[userId].Task.WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>Throws, once, if this write is the one armed for its user.</summary>
    public void CheckWrite(object? state)
    {
        if (state is NotificationState { Request.UserId: { } userId, Status: var status }
            && armed.TryGetValue(userId, out var target) && target.Status == status && armed.TryRemove(userId, out _))
        {
            if (target.FailReadBack)
            {
                failingReads[userId] = 0;
            }
            else
            {
                failed[userId].TrySetResult();
            }

            throw Unavailable();
        }
    }

    /// <summary>Throws, once, if this is the read after a refused write that was armed to fail its read too.</summary>
    public void CheckRead(object? state)
    {
        if (state is NotificationState { Request.UserId: { } userId } && failingReads.TryRemove(userId, out _))
        {
            failed[userId].TrySetResult();
            throw Unavailable();
        }
    }

    private static TimeoutException Unavailable() => new("The storage did not answer in time (a fault injected by the test).");
}

/// <summary>
/// The embedded hosting's storage (it keeps serialized copies, as a database does: what a grain changes in memory is
/// not stored until written), refusing the armed writes and reads as an unavailable database would.
/// </summary>
public sealed class FailingGrainStorage(InProcessGrainStorage stored, FailingWrites faults) : IGrainStorage
{
    /// <summary>The notification as stored (not as its grain holds it in memory).</summary>
    public NotificationState? Stored(string notificationId)
    {
        var state = new GrainState<NotificationState>();

        // The in-process storage answers at once: its tasks are already complete.
        stored.ReadStateAsync("notification", GrainId.Create("notification", $"{Tenant}/{notificationId}"), state).GetAwaiter().GetResult();
        return state.RecordExists ? state.State : null;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        faults.CheckRead(grainState.State);
        return stored.ReadStateAsync(stateName, grainId, grainState);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        faults.CheckWrite(grainState.State);
        return stored.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        stored.ClearStateAsync(stateName, grainId, grainState);
}
