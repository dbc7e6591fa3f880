using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Channels;
using Notifications.Channels.Sms;
using Notifications.Domain.Delivery;
using Notifications.Domain.Lifecycle;
using Notifications.Grains.Audit;
using Notifications.Grains.Callbacks;
using Notifications.Grains.Channels;
using Notifications.Grains.DeadLetters;
using Notifications.Grains.Hosting;
using Notifications.Grains.Providers;
using Notifications.Grains.Users;
using Notifications.Templates;

namespace Notifications.Grains.Notifications;

/// <summary>
/// One notification's lifecycle: accepted durably (or scheduled for later), then planned with its recipient, rendered
/// and handed to the channel workers. A provider's "try later" is retried with backoff; a route that fails for good
/// or runs out of retries falls back to the next; a notification that exhausts every route is dead-lettered. Every
/// attempt is recorded.
/// </summary>
[GrainType("notification")]
public sealed partial class NotificationGrain(
    [PersistentState("notification", StorageNames.Notifications)] IPersistentState<NotificationState> stored,
    ITemplateProvider templates,
    ITemplateRenderer renderer,
    DeliveryGate gate,
    IOptions<DeliveryOptions> deliveryOptions,
    BackoffJitter jitter,
    TimeProvider clock,
    ILogger<NotificationGrain> logger,
    UnsubscribeLinks links)
    : Grain, INotificationGrain, IRemindable
{
    private const string WakeReminder = "wake";

    /// <summary>How soon a dispatch that failed unexpectedly (storage, a grain call) is tried again.</summary>
    private static readonly TimeSpan DispatchRetryDelay = TimeSpan.FromSeconds(10);

    private IGrainTimer? _dispatchTimer;

    /// <summary>The plan of a dispatch that queued again for a lane slot: reused, so the recipient is asked once.</summary>
    private DeliveryPlan? _pendingPlan;

    /// <summary>A dispatch failed and the stored state could not be read back: the state in memory is not to be trusted.</summary>
    private bool _storedStateUnknown;

    private (string Tenant, string Id)? _key;

    private NotificationState State => stored.State;

    private DeliveryOptions Options => deliveryOptions.Value;

    /// <summary>The grain's key, split once: it is read many times per notification.</summary>
    private (string Tenant, string Id) Key => _key ??= GrainKeys.Split(this.GetPrimaryKeyString());

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
        State.WakeReminderArmed = true;
        if (!stored.RecordExists || StatusTransitions.IsTerminal(State.Status))
        {
            await ForgetWakeReminderAsync();
            return;
        }

        ScheduleDispatch(State.NextAttemptAt);
    }

    public Task<SubmitResult> Submit(SendNotification request) => SubmitAs(request, StatusCallbackCallers.OrleansClient);

    public async Task<SubmitResult> SubmitAs(SendNotification request, string caller)
    {
        if (stored.RecordExists)
        {
            return State.Fingerprint == RequestFingerprint.Of(request)
                ? new SubmitResult(SubmitOutcome.AlreadyAccepted, View(), [])
                : SubmitResult.Refused(SubmitOutcome.IdConflict, new ValidationError("id", "is already used by a different notification"));
        }

        var now = clock.GetUtcNow();
        IReadOnlyList<ValidationError> errors = [.. RequestValidation.Validate(request), .. DeliveryRequestRules.Validate(request, now)];
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

        var typeChannels = templateSet.Channels;
        var channels = request.Channels ?? typeChannels;
        var missing = channels.Except(typeChannels).ToArray();
        if (missing.Length > 0)
        {
            return SubmitResult.Refused(SubmitOutcome.Invalid, new ValidationError(
                "channels", $"type '{request.Type}' has no template for {string.Join(", ", missing.Select(channel => channel.ToWireName()))}"));
        }

        if (await User(request.UserId).GetProfile() is not { } recipient)
        {
            return SubmitResult.Refused(SubmitOutcome.UnknownUser, new ValidationError("userId", $"no user '{request.UserId}' exists"));
        }

        now = clock.GetUtcNow();
        State.Request = request;
        State.Fingerprint = RequestFingerprint.Of(request);
        State.Priority = request.Priority ?? templateSet.DefaultPriority;
        State.Category = templateSet.Category;
        State.TemplateVersion = templateSet.Version;
        State.Channels = [.. channels];
        State.CreatedAt = now;
        State.UpdatedAt = now;
        State.Caller = caller;
        if (DueTime(request, recipient, now) is { } due)
        {
            State.Status = NotificationStatus.Scheduled;
            State.NextAttemptAt = due;
            await ArmWakeReminderAsync(due);
            await stored.WriteStateAsync();
            ScheduleDispatch(due);
            await TrackAsync();
        }
        else
        {
            State.Status = NotificationStatus.Accepted;
            await stored.WriteStateAsync();
            ScheduleDispatch();
        }

        await PublishStatusAsync();
        return new SubmitResult(SubmitOutcome.Accepted, View(), []);
    }

    public Task<NotificationView?> Get() => Task.FromResult(stored.RecordExists ? View() : null);

    public async Task<ChangeResult> Cancel()
    {
        if (!stored.RecordExists)
        {
            return ChangeResult.NotFound();
        }

        if (State.Status is not (NotificationStatus.Accepted or NotificationStatus.Scheduled or NotificationStatus.Deferred))
        {
            return ChangeResult.Conflict(View(), State.Status == NotificationStatus.Sending
                ? "is being sent and can no longer be cancelled"
                : $"has already ended as {WireName(State.Status)}");
        }

        _dispatchTimer?.Dispose();
        _dispatchTimer = null;
        _pendingPlan = null;
        await FinishAsync(NotificationStatus.Cancelled, DeliveryReasons.CancelledByCaller);
        return new ChangeResult(ChangeOutcome.Done, View());
    }

    public async Task<ChangeResult> Replay(string actor)
    {
        if (!stored.RecordExists)
        {
            return ChangeResult.NotFound();
        }

        if (State.Status != NotificationStatus.DeadLettered)
        {
            return ChangeResult.Conflict(View(), $"is {WireName(State.Status)}, not dead-lettered");
        }

        var (tenant, id) = Key;
        var deadLetteredAt = State.DeadLetteredAt;
        var now = clock.GetUtcNow();
        State.SeriesStart = State.Attempts.Count;
        State.ExhaustedChannels.Clear();
        State.DeadLetteredAt = null;
        State.NextAttemptAt = null;
        State.Replays++;
        State.ReplayedBy = actor;
        State.ReplayedAt = now;

        // Like any wait, a replay must survive the death of this silo before it has run.
        await ArmWakeReminderAsync(now);
        await MoveToAsync(NotificationStatus.Sending, DeliveryReasons.Replayed);
        if (deadLetteredAt is { } at)
        {
            await GrainFactory.DayGrain(tenant, at).Remove(id);
        }

        await GrainFactory.AuditTrail(tenant, now).Record(new AuditEntry(actor, AuditActions.DeadLetterReplay, id, now));
        await TrackAsync();
        ScheduleDispatch();
        return new ChangeResult(ChangeOutcome.Done, View());
    }

    public async Task<ChangeResult> Discard(string actor)
    {
        if (!stored.RecordExists)
        {
            return ChangeResult.NotFound();
        }

        if (State.Status != NotificationStatus.DeadLettered)
        {
            return ChangeResult.Conflict(View(), $"is {WireName(State.Status)}, not dead-lettered");
        }

        var (tenant, id) = Key;
        var deadLetteredAt = State.DeadLetteredAt;
        var now = clock.GetUtcNow();
        State.DiscardedBy = actor;
        State.DiscardedAt = now;
        await MoveToAsync(NotificationStatus.Cancelled, DeliveryReasons.Discarded);
        if (deadLetteredAt is { } at)
        {
            await GrainFactory.DayGrain(tenant, at).Remove(id);
        }

        await GrainFactory.AuditTrail(tenant, now).Record(new AuditEntry(
            actor, AuditActions.DeadLetterDiscard, id, now, JsonSerializer.Serialize(new { attempts = State.Attempts.Count })));
        await TrackAsync();
        return new ChangeResult(ChangeOutcome.Done, View());
    }

    public async Task<ReceiptOutcome> ApplyReceipt(ProviderReceipt receipt)
    {
        var attempt = stored.RecordExists
            ? State.Attempts.FindLast(attempt => attempt.Channel == receipt.Channel && attempt.ProviderMessageId == receipt.ProviderMessageId)
            : null;
        if (attempt is null)
        {
            return ReceiptOutcome.NotFound;
        }

        if (receipt.OptedOutAddress is { } optedOut)
        {
            await User(State.Request!.UserId).MarkOptedOut(receipt.Channel, optedOut);
        }

        // Only the attempt that made the notification sent speaks for it; receipts only ever move it forward.
        if (attempt.Status != NotificationStatus.Sent || receipt.Status is not { } status
            || status == State.Status || !StatusTransitions.IsTerminal(State.Status) || !StatusTransitions.CanMove(State.Status, status))
        {
            return ReceiptOutcome.Ignored;
        }

        await MoveToAsync(status, receipt.Reason);
        await TrackAsync();
        return ReceiptOutcome.Applied;
    }

    /// <summary>When a scheduled notification is due: its instant, or the next local time in the recipient's zone (UTC if unknown).</summary>
    private static DateTimeOffset? DueTime(SendNotification request, UserProfile recipient, DateTimeOffset now)
    {
        DateTimeOffset? due = null;
        if (request.ScheduleAt is { } at)
        {
            due = at;
        }
        else if (LocalSendTime.TryParse(request.SendAtLocal, out var time))
        {
            var zone = recipient.TimeZone is { } zoneId && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Utc;
            due = LocalSendTime.Next(now, time, zone);
        }

        // A due time already past (a scheduling call that arrived late) sends at once.
        return due > now ? due : null;
    }

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
    /// survives the death of this silo. The reminder is registered before the state is written: a reminder without
    /// its wait only wakes the grain once for nothing, a wait without its reminder could sleep for ever.
    /// </summary>
    private async Task WaitUntilAsync(DateTimeOffset at, NotificationStatus status, string? reason)
    {
        State.NextAttemptAt = at;
        await ArmWakeReminderAsync(at);
        await MoveToAsync(status, reason);
        ScheduleDispatch(at);
    }

    private async Task ArmWakeReminderAsync(DateTimeOffset at)
    {
        var dueIn = at - clock.GetUtcNow();
        State.WakeReminderArmed = true;
        await this.RegisterOrUpdateReminder(
            WakeReminder, (dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero) + Options.WakeReminderGrace, Options.WakeReminderPeriod);
    }

    private async Task ForgetWakeReminderAsync()
    {
        State.WakeReminderArmed = false;
        if (await this.GetReminder(WakeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>
    /// A timer's turn. The timer's token is not passed on: it is cancelled when the timer is disposed, which a dispatch
    /// does itself when it schedules the next one. A step that throws (storage, a grain call) never ends the dispatch
    /// for good: the grain goes back to the stored state and tries again after <see cref="DispatchRetryDelay"/>.
    /// </summary>
    private async Task DispatchAsync(CancellationToken timerToken)
    {
        _dispatchTimer?.Dispose();
        _dispatchTimer = null;
        try
        {
            if (_storedStateUnknown)
            {
                await stored.ReadStateAsync();
                _storedStateUnknown = false;
            }

            if (StatusTransitions.IsTerminal(State.Status) || State.Request is not { } request)
            {
                return;
            }

            if (State.NextAttemptAt is { } due && due > clock.GetUtcNow())
            {
                ScheduleDispatch(due);
                return;
            }

            await DeliverAsync(request, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogDispatchFailed(logger, exception, Key.Id, DispatchRetryDelay);
            await RecoverFromFailedDispatchAsync();
        }
    }

    /// <summary>
    /// After a step failed mid-way, the state in memory may hold changes that were never stored (even a terminal status
    /// whose write failed), so it is replaced by the stored one. If that read fails too (the database is down), the
    /// next dispatch reads first; either way the retry is armed, so the notification never waits for a sweeper.
    /// </summary>
    private async Task RecoverFromFailedDispatchAsync()
    {
        _pendingPlan = null;
        _storedStateUnknown = true;
        try
        {
            await stored.ReadStateAsync();
            _storedStateUnknown = false;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogReloadFailed(logger, exception, Key.Id);
        }

        if (_storedStateUnknown || !StatusTransitions.IsTerminal(State.Status))
        {
            ScheduleDispatch(clock.GetUtcNow() + DispatchRetryDelay);
        }
    }

    private async Task DeliverAsync(SendNotification request, CancellationToken ct)
    {
        State.NextAttemptAt = null;
        SettleInterruptedAttempt();
        var (tenant, id) = Key;
        var plan = _pendingPlan ?? await User(request.UserId).Plan(new PlanRequest(id, request.Type, State.Category, State.Priority, State.Channels));
        _pendingPlan = null;
        if (plan.Decision == PlanDecision.Suppress)
        {
            await FinishAsync(NotificationStatus.Suppressed, plan.Reason);
            return;
        }

        if (plan.Decision == PlanDecision.Defer && plan.DeferUntil is { } until)
        {
            await WaitUntilAsync(until, NotificationStatus.Deferred, plan.Reason);
            await TrackAsync();
            return;
        }

        // The version recorded at accept, whatever is active now.
        var templateSet = await templates.GetVersionAsync(tenant, request.Type, State.TemplateVersion, ct);
        var model = new TemplateModel(
            id, request.Type, request.DataJson, plan.Recipient,
            links.Unsubscribe(tenant, request.UserId, State.Category, Channel.Email), links.Preferences(tenant, request.UserId));
        foreach (var route in plan.Routes)
        {
            if (State.ExhaustedChannels.Contains(route.Channel))
            {
                continue;
            }

            switch (await AttemptRouteAsync(templateSet, route, model, tenant, request.UserId, plan, ct))
            {
                case RouteStep.Sent:
                    await FinishAsync(NotificationStatus.Sent, null);
                    return;
                case RouteStep.Waiting:
                    return;
            }
        }

        await DeadLetterAsync();
    }

    /// <summary>
    /// One attempt on one route, unless the route is spent or its provider holds sends back. Returns whether it was
    /// sent, is waiting (a retry, an open breaker, a full lane), or is exhausted (fall back to the next route).
    /// </summary>
    private async Task<RouteStep> AttemptRouteAsync(
        TemplateSet? templateSet, ChannelRoute route, TemplateModel model, string tenant, string userId, DeliveryPlan plan, CancellationToken ct)
    {
        var policy = Options.RetryPolicyFor(route.Channel);
        var series = SeriesAttempts(route.Channel);
        if (series.Count >= policy.MaxAttempts)
        {
            // Only an attempt interrupted by a crash ends up here: its retry was never decided, and none is left.
            State.ExhaustedChannels.Add(route.Channel);
            return RouteStep.Exhausted;
        }

        var number = State.Attempts.Count(attempt => attempt.Channel == route.Channel) + 1;
        var rendered = templateSet is null
            ? new RenderResult(null, null, $"version {State.TemplateVersion} of notification type '{model.Type}' no longer exists")
            : renderer.Render(templateSet, route.Channel, model);
        if (!rendered.Succeeded)
        {
            var error = $"Template error: {rendered.Error}";
            var failure = rendered.TimedOut ? DeliveryResult.RetryLater(error) : DeliveryResult.Permanent(error);
            await RecordAttemptAsync(route.Channel, number, failure);
            return await AfterFailureAsync(route.Channel, policy, failure, model.NotificationId);
        }

        var admission = await gate.AdmitAsync(route.Channel, State.Priority, Options.LaneWaitSlice, ct);
        if (admission.RefusedUntil is { } until)
        {
            await WaitUntilAsync(until, NotificationStatus.Deferred, DeliveryReasons.ProviderUnavailable);
            await TrackAsync();
            return RouteStep.Waiting;
        }

        if (admission.Ticket is not { } ticket)
        {
            // The lane stayed full: queue again in a new turn, so that a cancel waiting for this grain gets in.
            _pendingPlan = plan;
            ScheduleDispatch();
            return RouteStep.Waiting;
        }

        DeliveryResult result;
        using (ticket)
        {
            // The attempt is stored before the provider is called: after a crash it is known to have been in flight.
            State.Attempts.Add(new DeliveryAttempt(route.Channel, number, NotificationStatus.Sending, clock.GetUtcNow()));
            await MoveToAsync(NotificationStatus.Sending, null);

            var headers = route.Channel == Channel.Email && model.UnsubscribeUrl is { } unsubscribe ? UnsubscribeLinks.EmailHeaders(unsubscribe) : null;
            var message = new OutboundMessage(
                tenant, model.NotificationId, userId, route.Channel, route.Address, rendered.Content!, number, State.Priority, headers);
            result = await CallProviderAsync(message);
            ticket.Report(result);
        }

        await RecordAttemptAsync(route.Channel, number, result);
        await ApplyAddressVerdictAsync(userId, route, result);
        if (result.Outcome == DeliveryOutcome.Sent)
        {
            return RouteStep.Sent;
        }

        return await AfterFailureAsync(route.Channel, policy, result, model.NotificationId);
    }

    /// <summary>A failed attempt (already recorded): wait for a retry if the failure allows one and any is left, else fall back.</summary>
    private async Task<RouteStep> AfterFailureAsync(Channel channel, RetryPolicy policy, DeliveryResult result, string notificationId)
    {
        LogAttemptFailed(logger, notificationId, channel.ToWireName(), result.Outcome, result.Error);
        if (result.Outcome == DeliveryOutcome.RetryLater)
        {
            var series = SeriesAttempts(channel);
            var decision = RetryPlanner.Decide(policy, series.Count, series[0].At, clock.GetUtcNow(), result.RetryAt, jitter.Random);
            if (decision.RetryAt is { } retryAt)
            {
                await WaitUntilAsync(retryAt, NotificationStatus.Deferred, DeliveryReasons.RetryScheduled);
                await TrackAsync();
                return RouteStep.Waiting;
            }

            LogGaveUp(logger, notificationId, channel.ToWireName(), decision.GiveUpReason);
        }

        State.ExhaustedChannels.Add(channel);
        return RouteStep.Exhausted;
    }

    private async Task<DeliveryResult> CallProviderAsync(OutboundMessage message)
    {
        try
        {
            return await GrainFactory.GetGrain<IChannelWorkerGrain>(message.Channel.ToWireName()).Deliver(message);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Whether the provider got it is unknown: a retry carries the same provider idempotency key.
            return DeliveryResult.RetryLater($"The channel worker did not answer: {exception.Message}");
        }
    }

    /// <summary>
    /// Acts on what a provider said about the address itself: a device token, web-push subscription or webhook URL that
    /// is gone is removed from the user, and an SMS STOP (Twilio 21610) marks the phone opted out. A phone number or
    /// email address is the user's own contact, not something a provider issued, so it is never removed this way. A
    /// user grain that cannot be told is logged, never allowed to stop delivery: the next send reports it again.
    /// </summary>
    private async Task ApplyAddressVerdictAsync(string userId, ChannelRoute route, DeliveryResult result)
    {
        var gone = result.Outcome == DeliveryOutcome.AddressGone && route.Channel is Channel.Push or Channel.WebPush or Channel.Webhook;
        var optedOut = route.Channel == Channel.Sms && SmsFailures.IsOptedOut(result);
        if (!gone && !optedOut)
        {
            return;
        }

        try
        {
            if (gone)
            {
                await User(userId).RemoveAddress(route.Channel, route.Address);
            }
            else
            {
                await User(userId).MarkOptedOut(Channel.Sms, route.Address);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogAddressVerdictLost(logger, exception, Key.Id, route.Channel.ToWireName());
        }
    }

    /// <summary>The attempts on <paramref name="channel"/> in the current series (since the last replay).</summary>
    private List<DeliveryAttempt> SeriesAttempts(Channel channel) =>
        [.. State.Attempts.Skip(State.SeriesStart).Where(attempt => attempt.Channel == channel)];

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

    /// <summary>
    /// Every route is spent. The index entry is written before the status: a crash in between leaves an entry whose
    /// notification says otherwise (replay and discard then refuse it), never a dead letter nobody can list.
    /// </summary>
    private async Task DeadLetterAsync()
    {
        var (tenant, id) = Key;
        var now = clock.GetUtcNow();
        var series = State.Attempts.Skip(State.SeriesStart).ToArray();
        var lastError = series.LastOrDefault(attempt => attempt.Error is not null)?.Error;
        await GrainFactory.DayGrain(tenant, now).Add(new DeadLetterSummary(
            id, State.Request!.UserId, State.Request.Type, State.Priority,
            [.. series.Select(attempt => attempt.Channel).Distinct()], series.Length, now, lastError));
        State.DeadLetteredAt = now;
        await FinishAsync(NotificationStatus.DeadLettered, lastError);
        LogDeadLettered(logger, id, series.Length);
    }

    /// <summary>Ends delivery, and drops the wake-up reminder if a wait armed one.</summary>
    private async Task FinishAsync(NotificationStatus status, string? reason)
    {
        State.NextAttemptAt = null;
        await MoveToAsync(status, reason);
        await TrackAsync();
        if (State.WakeReminderArmed)
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

        var changed = State.Status != status;
        State.Status = status;
        State.StatusReason = reason;
        State.UpdatedAt = clock.GetUtcNow();
        await stored.WriteStateAsync();
        if (changed)
        {
            await PublishStatusAsync();
        }
    }

    /// <summary>
    /// Queues the status for the notification's callback URL, if it has one. A callback that cannot be queued is
    /// logged, never allowed to stop delivery.
    /// </summary>
    private async Task PublishStatusAsync()
    {
        if (State.Request?.CallbackUrl is not { } url)
        {
            return;
        }

        var (_, id) = Key;
        var body = JsonSerializer.Serialize(new
        {
            type = "notification.status",
            timestamp = State.UpdatedAt,
            data = new
            {
                id,
                userId = State.Request.UserId,
                type = State.Request.Type,
                status = WireName(State.Status),
                statusReason = State.StatusReason,
                attempts = State.Attempts.Count,
                nextAttemptAt = State.NextAttemptAt,
                updatedAt = State.UpdatedAt,
            },
        });
        try
        {
            await GrainFactory.GetGrain<IStatusCallbackGrain>(this.GetPrimaryKeyString()).Enqueue(
                new StatusCallback(url, State.Caller ?? StatusCallbackCallers.OrleansClient, State.Status, body, State.UpdatedAt));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogCallbackNotQueued(logger, exception, id, State.Status);
        }
    }

    private IUserGrain User(string userId) => GrainFactory.ByKey<IUserGrain>(GrainKeys.Compose(Key.Tenant, userId));

    private static string WireName(NotificationStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

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

    private enum RouteStep
    {
        Sent,
        Waiting,
        Exhausted,
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId}: {Channel} attempt ended {Outcome}: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string notificationId, string channel, DeliveryOutcome outcome, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId}: giving up on {Channel}: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string notificationId, string channel, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} is dead-lettered after {Attempts} attempt(s)")]
    private static partial void LogDeadLettered(ILogger logger, string notificationId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId}: the status callback for {Status} could not be queued")]
    private static partial void LogCallbackNotQueued(ILogger logger, Exception exception, string notificationId, NotificationStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId}: the user could not be told that their {Channel} address is gone or opted out")]
    private static partial void LogAddressVerdictLost(ILogger logger, Exception exception, string notificationId, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId}: delivery failed unexpectedly; it is tried again in {RetryDelay}")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string notificationId, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId}: the stored state could not be read back after a failed delivery step; the retry reads it first")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, string notificationId);
}
