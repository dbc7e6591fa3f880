using Microsoft.Extensions.Logging;
using Notifications.Channels;
using Notifications.Domain.Lifecycle;
using Notifications.Grains.Channels;
using Notifications.Grains.Hosting;
using Notifications.Templates;

namespace Notifications.Grains.Notifications;

/// <summary>
/// One notification's lifecycle: accepted durably, then planned with its recipient, rendered and handed to the
/// channel workers, falling back along the plan's routes, with every attempt recorded.
/// </summary>
[GrainType("notification")]
public sealed partial class NotificationGrain(
    [PersistentState("notification", StorageNames.Notifications)] IPersistentState<NotificationState> stored,
    ITemplateProvider templates,
    ITemplateRenderer renderer,
    TimeProvider clock,
    ILogger<NotificationGrain> logger)
    : Grain, INotificationGrain, IRemindable
{
    /// <summary>Waits up to this long are kept on an in-memory timer alone; the reminder is the durable backstop.</summary>
    private static readonly TimeSpan ReminderGrace = TimeSpan.FromSeconds(30);

    private const string WakeReminder = "wake";

    private IGrainTimer? _dispatchTimer;

    private NotificationState State => stored.State;

    private (string Tenant, string Id) Key => GrainKeys.Split(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A notification that was accepted but not finished when its previous activation died resumes here.
        if (stored.RecordExists && !StatusTransitions.IsTerminal(State.Status))
        {
            ScheduleDispatch(State.NextAttemptAt);
        }

        return Task.CompletedTask;
    }

    /// <summary>The durable backstop of a wait: fires even if the silo that held the timer died.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!stored.RecordExists || StatusTransitions.IsTerminal(State.Status))
        {
            await ForgetWakeReminderAsync();
            return;
        }

        ScheduleDispatch(State.NextAttemptAt);
    }

    public async Task<SubmitResult> Submit(SendNotification request)
    {
        if (stored.RecordExists)
        {
            return State.Fingerprint == RequestFingerprint.Of(request)
                ? new SubmitResult(SubmitOutcome.AlreadyAccepted, View(), [])
                : SubmitResult.Refused(SubmitOutcome.IdConflict, new ValidationError("id", "is already used by a different notification"));
        }

        var errors = RequestValidation.Validate(request);
        if (errors.Count > 0)
        {
            return new SubmitResult(SubmitOutcome.Invalid, null, errors);
        }

        var (tenant, _) = Key;
        var templateSet = await templates.GetActiveAsync(tenant, request.Type, CancellationToken.None);
        if (templateSet is null)
        {
            return SubmitResult.Refused(SubmitOutcome.UnknownType, new ValidationError("type", $"no notification type '{request.Type}' exists"));
        }

        var channels = request.Channels ?? templateSet.Channels;
        var missing = channels.Except(templateSet.Channels).ToArray();
        if (missing.Length > 0)
        {
            return SubmitResult.Refused(SubmitOutcome.Invalid, new ValidationError(
                "channels", $"type '{request.Type}' has no template for {string.Join(", ", missing.Select(channel => channel.ToWireName()))}"));
        }

        if (await User(request.UserId).GetProfile() is null)
        {
            return SubmitResult.Refused(SubmitOutcome.UnknownUser, new ValidationError("userId", $"no user '{request.UserId}' exists"));
        }

        var now = clock.GetUtcNow();
        State.Request = request;
        State.Fingerprint = RequestFingerprint.Of(request);
        State.Priority = request.Priority ?? templateSet.DefaultPriority;
        State.Category = templateSet.Category;
        State.TemplateVersion = templateSet.Version;
        State.Channels = [.. channels];
        State.Status = NotificationStatus.Accepted;
        State.CreatedAt = now;
        State.UpdatedAt = now;
        await stored.WriteStateAsync();

        ScheduleDispatch();
        return new SubmitResult(SubmitOutcome.Accepted, View(), []);
    }

    public Task<NotificationView?> Get() => Task.FromResult(stored.RecordExists ? View() : null);

    /// <summary>
    /// Delivery runs in its own grain turn, after the caller already has its answer: now, or at <paramref name="at"/>.
    /// A due time already past (missed during an outage) runs at once.
    /// </summary>
    private void ScheduleDispatch(DateTimeOffset? at = null)
    {
        var delay = at is { } due ? due - clock.GetUtcNow() : TimeSpan.Zero;
        _dispatchTimer?.Dispose();
        _dispatchTimer = this.RegisterGrainTimer(
            DispatchAsync, new GrainTimerCreationOptions(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>
    /// Waits until <paramref name="at"/>: a timer for the wake-up itself and a reminder shortly after it, so the wait
    /// survives the death of this silo. The state, with <see cref="NotificationState.NextAttemptAt"/>, is written first.
    /// </summary>
    private async Task WaitUntilAsync(DateTimeOffset at, NotificationStatus status, string? reason)
    {
        State.NextAttemptAt = at;
        await MoveToAsync(status, reason);
        var dueIn = at - clock.GetUtcNow();
        await this.RegisterOrUpdateReminder(
            WakeReminder, (dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero) + ReminderGrace, TimeSpan.FromMinutes(1));
        ScheduleDispatch(at);
    }

    private async Task ForgetWakeReminderAsync()
    {
        if (await this.GetReminder(WakeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task DispatchAsync(CancellationToken ct)
    {
        _dispatchTimer?.Dispose();
        _dispatchTimer = null;
        if (StatusTransitions.IsTerminal(State.Status) || State.Request is not { } request)
        {
            return;
        }

        if (State.NextAttemptAt is { } due && due > clock.GetUtcNow())
        {
            ScheduleDispatch(due);
            return;
        }

        var waited = State.NextAttemptAt is not null;
        State.NextAttemptAt = null;

        SettleInterruptedAttempt();
        var (tenant, id) = Key;
        var user = User(request.UserId);
        var plan = await user.Plan(new PlanRequest(id, request.Type, State.Category, State.Priority, State.Channels));
        if (plan.Decision == PlanDecision.Suppress)
        {
            await FinishAsync(NotificationStatus.Suppressed, plan.Reason, waited);
            return;
        }

        if (plan.Decision == PlanDecision.Defer && plan.DeferUntil is { } until)
        {
            await WaitUntilAsync(until, NotificationStatus.Deferred, plan.Reason);
            await TrackAsync();
            return;
        }

        // The version recorded at accept, whatever is active now. Not ct: disposing the timer above has cancelled it.
        var templateSet = await templates.GetVersionAsync(tenant, request.Type, State.TemplateVersion, CancellationToken.None);
        var model = new TemplateModel(id, request.Type, request.DataJson, plan.Recipient);
        string? lastError = null;
        foreach (var route in plan.Routes)
        {
            var result = await AttemptAsync(templateSet, route, model, tenant, request.UserId);
            if (result.Outcome == DeliveryOutcome.Sent)
            {
                await FinishAsync(NotificationStatus.Sent, null, waited);
                return;
            }

            lastError = result.Error;
        }

        await FinishAsync(NotificationStatus.Failed, lastError, waited);
    }

    private async Task<DeliveryResult> AttemptAsync(
        TemplateSet? templateSet, ChannelRoute route, TemplateModel model, string tenant, string userId)
    {
        var number = State.Attempts.Count(attempt => attempt.Channel == route.Channel) + 1;
        var rendered = templateSet is null
            ? new RenderResult(null, null, $"version {State.TemplateVersion} of notification type '{model.Type}' no longer exists")
            : renderer.Render(templateSet, route.Channel, model);
        if (!rendered.Succeeded)
        {
            var failure = DeliveryResult.Permanent($"Template error: {rendered.Error}");
            await RecordAttemptAsync(route.Channel, number, failure);
            return failure;
        }

        // The attempt is stored before the provider is called: after a crash it is known to have been in flight.
        State.Attempts.Add(new DeliveryAttempt(route.Channel, number, NotificationStatus.Sending, clock.GetUtcNow()));
        await MoveToAsync(NotificationStatus.Sending, null);

        var message = new OutboundMessage(tenant, model.NotificationId, userId, route.Channel, route.Address, rendered.Content!, number, State.Priority);
        var result = await GrainFactory.GetGrain<IChannelWorkerGrain>(route.Channel.ToWireName()).Deliver(message);
        await RecordAttemptAsync(route.Channel, number, result);
        if (result.Outcome != DeliveryOutcome.Sent)
        {
            LogAttemptFailed(logger, model.NotificationId, route.Channel.ToWireName(), result.Outcome, result.Error);
        }

        return result;
    }

    /// <summary>Records how an attempt ended, replacing its in-flight entry if it has one.</summary>
    private Task RecordAttemptAsync(Channel channel, int number, DeliveryResult result)
    {
        var status = result.Outcome == DeliveryOutcome.Sent ? NotificationStatus.Sent : NotificationStatus.Failed;
        var attempt = new DeliveryAttempt(channel, number, status, clock.GetUtcNow(), result.Error, result.FailureKind, result.ProviderMessageId);
        if (State.Attempts is [.., { Status: NotificationStatus.Sending } inFlight] && inFlight.Channel == channel && inFlight.Number == number)
        {
            State.Attempts[^1] = attempt;
        }
        else
        {
            State.Attempts.Add(attempt);
        }

        // Success is written together with the final status; a failure is written now so it survives a crash.
        return status == NotificationStatus.Sent ? Task.CompletedTask : stored.WriteStateAsync();
    }

    /// <summary>
    /// An attempt still marked in flight means the previous activation died while the provider was being called:
    /// whether it arrived is unknown, so it counts as a retryable failure and the next attempt reuses its idempotency key.
    /// </summary>
    private void SettleInterruptedAttempt()
    {
        if (State.Attempts is [.., { Status: NotificationStatus.Sending } interrupted])
        {
            State.Attempts[^1] = interrupted with
            {
                Status = NotificationStatus.Failed,
                Error = "Interrupted: the silo stopped while the provider was being called.",
                FailureKind = FailureKind.Retryable,
            };
        }
    }

    /// <summary>Ends delivery; a notification that had waited also drops its wake-up reminder.</summary>
    private async Task FinishAsync(NotificationStatus status, string? reason, bool waited)
    {
        await MoveToAsync(status, reason);
        await TrackAsync();
        if (waited)
        {
            await ForgetWakeReminderAsync();
        }
    }

    private Task TrackAsync() => User(State.Request!.UserId).Track(new HistoryEntry(
        Key.Id, State.Request.Type, State.Status, State.StatusReason, State.CreatedAt, State.UpdatedAt));

    private async Task MoveToAsync(NotificationStatus status, string? reason)
    {
        if (State.Status != status && !StatusTransitions.CanMove(State.Status, status))
        {
            throw new InvalidOperationException($"A notification cannot move from {State.Status} to {status}.");
        }

        State.Status = status;
        State.StatusReason = reason;
        State.UpdatedAt = clock.GetUtcNow();
        await stored.WriteStateAsync();
    }

    private IUserGrain User(string userId) => GrainFactory.GetGrain<IUserGrain>(GrainKeys.Compose(Key.Tenant, userId));

    private NotificationView View() => new(
        Key.Id,
        State.Request!.UserId,
        State.Request.Type,
        State.Priority,
        State.Status,
        State.StatusReason,
        State.CreatedAt,
        State.UpdatedAt,
        [.. State.Attempts],
        State.NextAttemptAt,
        State.TemplateVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId}: {Channel} attempt ended {Outcome}: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string notificationId, string channel, DeliveryOutcome outcome, string? error);
}
