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
    : Grain, INotificationGrain
{
    private IGrainTimer? _dispatchTimer;

    private NotificationState State => stored.State;

    private (string Tenant, string Id) Key => GrainKeys.Split(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A notification that was accepted but not finished when its previous activation died resumes here.
        if (stored.RecordExists && !StatusTransitions.IsTerminal(State.Status))
        {
            ScheduleDispatch();
        }

        return Task.CompletedTask;
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

    /// <summary>Delivery runs in its own grain turn, after the caller already has its answer.</summary>
    private void ScheduleDispatch()
    {
        _dispatchTimer ??= this.RegisterGrainTimer(
            DispatchAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task DispatchAsync(CancellationToken ct)
    {
        _dispatchTimer?.Dispose();
        _dispatchTimer = null;
        if (StatusTransitions.IsTerminal(State.Status) || State.Request is not { } request)
        {
            return;
        }

        SettleInterruptedAttempt();
        var (tenant, id) = Key;
        var user = User(request.UserId);
        var plan = await user.Plan(new PlanRequest(id, request.Type, State.Category, State.Priority, State.Channels));
        if (plan.Decision == PlanDecision.Suppress)
        {
            await FinishAsync(NotificationStatus.Suppressed, plan.Reason);
            return;
        }

        var templateSet = await templates.GetActiveAsync(tenant, request.Type, ct);
        var model = new TemplateModel(id, request.Type, request.DataJson, plan.Recipient);
        string? lastError = null;
        foreach (var route in plan.Routes)
        {
            var result = await AttemptAsync(templateSet, route, model, tenant, request.UserId);
            if (result.Outcome == DeliveryOutcome.Sent)
            {
                await FinishAsync(NotificationStatus.Sent, null);
                return;
            }

            lastError = result.Error;
        }

        await FinishAsync(NotificationStatus.Failed, lastError);
    }

    private async Task<DeliveryResult> AttemptAsync(
        TemplateSet? templateSet, ChannelRoute route, TemplateModel model, string tenant, string userId)
    {
        var number = State.Attempts.Count(attempt => attempt.Channel == route.Channel) + 1;
        var rendered = templateSet is null
            ? new RenderResult(null, null, $"notification type '{model.Type}' no longer exists")
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

    private async Task FinishAsync(NotificationStatus status, string? reason)
    {
        await MoveToAsync(status, reason);
        await User(State.Request!.UserId).Track(new HistoryEntry(
            Key.Id, State.Request.Type, State.Status, State.StatusReason, State.CreatedAt, State.UpdatedAt));
    }

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
        [.. State.Attempts]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId}: {Channel} attempt ended {Outcome}: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string notificationId, string channel, DeliveryOutcome outcome, string? error);
}
