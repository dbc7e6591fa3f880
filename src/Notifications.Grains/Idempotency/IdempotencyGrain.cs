using Notifications.Grains.Hosting;
using Notifications.Grains.Notifications;

namespace Notifications.Grains.Idempotency;

[GrainType("idempotency-key")]
public sealed class IdempotencyGrain(
    [PersistentState("idempotency-key", StorageNames.Notifications)] IPersistentState<IdempotencyState> stored,
    TimeProvider clock)
    : Grain, IIdempotencyGrain
{
    public async Task<IdempotentSubmission> Submit(SendNotification request, string caller)
    {
        var now = clock.GetUtcNow();
        var fingerprint = RequestFingerprint.Of(request);
        var state = stored.State;
        var remembered = stored.RecordExists && now < state.ExpiresAt;
        if (remembered)
        {
            return state.Fingerprint == fingerprint
                ? new IdempotentSubmission(IdempotencyOutcome.Replayed, null, state.NotificationId, state.OriginalStatus)
                : new IdempotentSubmission(IdempotencyOutcome.KeyReused, null);
        }

        // The id is derived, not drawn: if this grain dies before it remembers the answer, the retried request
        // reaches the same notification, which accepts it once.
        var generation = stored.RecordExists ? state.Generation + 1 : 0;
        var id = IdempotencyKeys.NotificationId(this.GetPrimaryKeyString(), generation);
        var (tenant, _) = GrainKeys.Split(this.GetPrimaryKeyString());
        var result = await GrainFactory.GetGrain<INotificationGrain>(GrainKeys.Compose(tenant, id)).SubmitAs(request, caller);
        switch (result.Outcome)
        {
            case SubmitOutcome.IdConflict:
                return new IdempotentSubmission(IdempotencyOutcome.KeyReused, null);
            case SubmitOutcome.Accepted or SubmitOutcome.AlreadyAccepted:
                var status = result.Outcome == SubmitOutcome.Accepted
                    ? result.Notification!.Status
                    : InitialStatus(request, result.Notification!);
                stored.State = new IdempotencyState
                {
                    Generation = generation,
                    Fingerprint = fingerprint,
                    NotificationId = id,
                    OriginalStatus = status,
                    ExpiresAt = now + IdempotencyKeys.Retention,
                };
                await stored.WriteStateAsync();
                return result.Outcome == SubmitOutcome.Accepted
                    ? new IdempotentSubmission(IdempotencyOutcome.Submitted, result, id, status)
                    : new IdempotentSubmission(IdempotencyOutcome.Replayed, null, id, status);
            default:
                // Refused requests are not remembered: the caller may fix the cause (create the user) and retry the key.
                return new IdempotentSubmission(IdempotencyOutcome.Submitted, result);
        }
    }

    /// <summary>What the first answer said: scheduled if the request waited for a due time, else accepted.</summary>
    private static NotificationStatus InitialStatus(SendNotification request, NotificationView notification) =>
        request.SendAtLocal is not null || request.ScheduleAt > notification.CreatedAt
            ? NotificationStatus.Scheduled
            : NotificationStatus.Accepted;
}

[GenerateSerializer, Alias("notifications.idempotency-state")]
public sealed class IdempotencyState
{
    [Id(0)] public int Generation { get; set; }

    [Id(1)] public string Fingerprint { get; set; } = string.Empty;

    [Id(2)] public string NotificationId { get; set; } = string.Empty;

    [Id(3)] public NotificationStatus OriginalStatus { get; set; }

    [Id(4)] public DateTimeOffset ExpiresAt { get; set; }
}
