using Notifications.Domain.History;
using Notifications.Domain.Policy;
using Notifications.Grains.Hosting;

namespace Notifications.Grains.Users;

/// <summary>
/// One recipient. The only writer of its profile and history, so its rules need no locks: Orleans runs one call at a time.
/// </summary>
[GrainType("user")]
public sealed class UserGrain(
    [PersistentState("profile", StorageNames.Users)] IPersistentState<UserProfileState> profile,
    [PersistentState("history", StorageNames.Users)] IPersistentState<UserHistoryState> history,
    TimeProvider clock)
    : Grain, IUserGrain
{
    private string UserId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    public async Task<UpsertUserResult> Upsert(UserProfile changes)
    {
        var current = profile.State.Profile;
        var merged = current is null ? changes : Merge(current, changes);
        var errors = RequestValidation.Validate(UserId, merged);
        if (errors.Count > 0)
        {
            return new UpsertUserResult(current is null, merged, errors);
        }

        if (current is null)
        {
            profile.State.CreatedAt = clock.GetUtcNow();
        }

        profile.State.Profile = merged;
        await profile.WriteStateAsync();
        return new UpsertUserResult(current is null, merged, []);
    }

    public Task<UserProfile?> GetProfile() => Task.FromResult(profile.State.Profile);

    public Task<DeliveryPlan> Plan(PlanRequest request) => Task.FromResult(
        profile.State.Profile is { } recipient
            ? RecipientPolicy.Plan(recipient, request)
            : DeliveryPlan.Suppress(new UserProfile(), StatusReasons.UnknownUser));

    public async Task Track(HistoryEntry entry)
    {
        NotificationHistory.Record(history.State.Entries, entry);
        await history.WriteStateAsync();
    }

    public Task<HistoryPage> GetHistory(int limit, string? cursor) =>
        Task.FromResult(NotificationHistory.Page(history.State.Entries, Math.Clamp(limit, 1, 100), cursor));

    private static UserProfile Merge(UserProfile current, UserProfile changes) => new(
        changes.Name ?? current.Name,
        changes.Email ?? current.Email,
        changes.Phone ?? current.Phone,
        changes.Locale ?? current.Locale,
        changes.TimeZone ?? current.TimeZone);
}
