using Microsoft.Extensions.Logging;
using Notifications.Domain.Delivery;
using Notifications.Grains.Hosting;
using Notifications.Grains.Notifications;

namespace Notifications.Grains.Callbacks;

[GrainType("status-callback")]
public sealed partial class StatusCallbackGrain(
    [PersistentState("status-callback", StorageNames.Notifications)] IPersistentState<StatusCallbackState> stored,
    StatusCallbackSender sender,
    BackoffJitter jitter,
    TimeProvider clock,
    ILogger<StatusCallbackGrain> logger)
    : Grain, IStatusCallbackGrain, IRemindable
{
    private const string WakeReminder = "callback-wake";

    /// <summary>Finished callbacks kept for inspection; older ones are dropped so the state stays small.</summary>
    private const int FinishedKept = 20;

    private static readonly TimeSpan ReminderGrace = TimeSpan.FromSeconds(30);

    private IGrainTimer? _timer;

    /// <summary>The signing secret, asked for once per activation rather than once per callback.</summary>
    private readonly Dictionary<string, string?> _secrets = new(StringComparer.Ordinal);

    private StatusCallbackState State => stored.State;

    private (string Tenant, string Id) Key => GrainKeys.Split(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Pending.Count > 0)
        {
            Schedule(State.Pending[0].NextAttemptAt);
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        State.ReminderArmed = true;
        if (State.Pending.Count == 0)
        {
            await ForgetReminderAsync();
            return;
        }

        Schedule(State.Pending[0].NextAttemptAt);
    }

    public async Task Enqueue(StatusCallback callback)
    {
        State.Pending.Add(new PendingCallback
        {
            WebhookId = $"{Key.Id}.{State.NextSequence++}",
            Callback = callback,
        });
        await stored.WriteStateAsync();
        if (State.Pending.Count == 1)
        {
            Schedule(null);
        }
    }

    public Task<IReadOnlyList<CallbackDelivery>> GetDeliveries() => Task.FromResult<IReadOnlyList<CallbackDelivery>>(
        [.. State.Finished, .. State.Pending.Select(pending => new CallbackDelivery(
            pending.WebhookId, pending.Callback.Status, CallbackDeliveryState.Pending, pending.Attempts, pending.NextAttemptAt, pending.LastError))]);

    private void Schedule(DateTimeOffset? at)
    {
        var delay = at is { } due ? due - clock.GetUtcNow() : TimeSpan.Zero;
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(
            DeliverAsync, new GrainTimerCreationOptions(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>Posts the queued callbacks in order; the first that fails waits for its retry, and the rest behind it.</summary>
    private async Task DeliverAsync(CancellationToken timerToken)
    {
        while (State.Pending.Count > 0)
        {
            var head = State.Pending[0];
            var now = clock.GetUtcNow();
            if (head.NextAttemptAt is { } due && due > now)
            {
                Schedule(due);
                return;
            }

            var (tenant, _) = Key;
            if (!_secrets.TryGetValue(head.Callback.Caller, out var secret) || secret is null)
            {
                secret = await GrainFactory.GetGrain<ICallbackSigningGrain>(GrainKeys.Compose(tenant, head.Callback.Caller)).GetSecret();
                _secrets[head.Callback.Caller] = secret;
            }

            var result = secret is null
                ? CallbackResult.GiveUp($"No callback signing secret is registered for '{head.Callback.Caller}'.")
                : await sender.PostAsync(head.Callback.Url, secret, head.WebhookId, head.Callback.Body, CancellationToken.None);
            head.Attempts++;
            head.LastError = result.Error;
            now = clock.GetUtcNow();
            var next = result.Outcome == CallbackOutcome.Retry
                ? CallbackRetrySchedule.Next(head.Callback.At, head.Attempts, now, result.RetryAfter, jitter.Random)
                : null;
            if (next is { } retryAt)
            {
                head.NextAttemptAt = retryAt;
                State.ReminderArmed = true;
                await this.RegisterOrUpdateReminder(WakeReminder, retryAt - now + ReminderGrace, TimeSpan.FromMinutes(1));
                await stored.WriteStateAsync();
                Schedule(retryAt);
                return;
            }

            var delivered = result.Outcome == CallbackOutcome.Delivered;
            if (!delivered)
            {
                LogFailed(logger, head.WebhookId, head.Attempts, result.Error);
            }

            State.Pending.RemoveAt(0);
            State.Finished.Add(new CallbackDelivery(
                head.WebhookId, head.Callback.Status, delivered ? CallbackDeliveryState.Delivered : CallbackDeliveryState.Failed, head.Attempts, null, head.LastError));
            if (State.Finished.Count > FinishedKept)
            {
                State.Finished.RemoveRange(0, State.Finished.Count - FinishedKept);
            }

            await stored.WriteStateAsync();
        }

        if (State.ReminderArmed)
        {
            await ForgetReminderAsync();
            await stored.WriteStateAsync();
        }
    }

    private async Task ForgetReminderAsync()
    {
        State.ReminderArmed = false;
        if (await this.GetReminder(WakeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status callback {WebhookId} failed for good after {Attempts} attempt(s): {Error}")]
    private static partial void LogFailed(ILogger logger, string webhookId, int attempts, string? error);
}

[GenerateSerializer, Alias("notifications.status-callback-state")]
public sealed class StatusCallbackState
{
    [Id(0)] public List<PendingCallback> Pending { get; set; } = [];

    [Id(1)] public List<CallbackDelivery> Finished { get; set; } = [];

    [Id(2)] public int NextSequence { get; set; }

    [Id(3)] public bool ReminderArmed { get; set; }
}

[GenerateSerializer, Alias("notifications.pending-callback")]
public sealed class PendingCallback
{
    [Id(0)] public string WebhookId { get; set; } = string.Empty;

    [Id(1)] public StatusCallback Callback { get; set; } = null!;

    [Id(2)] public int Attempts { get; set; }

    [Id(3)] public DateTimeOffset? NextAttemptAt { get; set; }

    [Id(4)] public string? LastError { get; set; }
}
