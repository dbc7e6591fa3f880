using Notifications.Domain.History;
using Notifications.Domain.Policy;
using Notifications.Domain.Preferences;
using Notifications.Domain.RateLimits;
using Notifications.Grains.Hosting;

namespace Notifications.Grains.Users;

/// <summary>
/// One recipient: contacts, preferences, opt-outs, budgets and history. The only writer of all of them, so its rules
/// need no locks: Orleans runs one call at a time. The rules themselves live in <see cref="RecipientPolicy"/>.
/// </summary>
[GrainType("user")]
public sealed class UserGrain(
    [PersistentState("profile", StorageNames.Users)] IPersistentState<UserProfileState> profile,
    [PersistentState("history", StorageNames.Users)] IPersistentState<UserHistoryState> history,
    [PersistentState("budgets", StorageNames.Users)] IPersistentState<UserBudgetState> budgets,
    RecipientPolicy policy,
    TimeProvider clock)
    : Grain, IUserGrain
{
    private string UserId => GrainKeys.Split(this.GetPrimaryKeyString()).Id;

    private UserPreferences Preferences => profile.State.Preferences ?? UserPreferences.None;

    public async Task<UpsertUserResult> Upsert(UserProfile changes)
    {
        var current = profile.State.Profile;
        var merged = current is null ? changes : Merge(current, changes);
        var errors = new List<ValidationError>(RequestValidation.Validate(UserId, merged));
        merged = merged with
        {
            Devices = NormalizeAll(Channel.Push, merged.Devices, "devices", ContactValidation.MaxDevices, errors),
            WebPushSubscriptions = NormalizeAll(
                Channel.WebPush, merged.WebPushSubscriptions, "webPushSubscriptions", ContactValidation.MaxWebPushSubscriptions, errors),
        };
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

    public async Task<DeliveryPlan> Plan(PlanRequest request)
    {
        if (profile.State.Profile is not { } recipient)
        {
            return DeliveryPlan.Suppress(new UserProfile(), StatusReasons.UnknownUser);
        }

        // A plan made again for the same notification (its grain died mid-delivery) does not count it twice.
        var sends = budgets.State.Sends.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<DateTimeOffset>)[.. pair.Value.Where(sent => sent.NotificationId != request.NotificationId).Select(sent => sent.At)]);
        var decision = policy.Decide(
            new Recipient(UserId, recipient, Preferences, profile.State.Unsubscribed.ToHashSet(), profile.State.OptedOutAddresses.ToHashSet(), sends),
            request);
        if (decision.ChargedChannel is { } channel)
        {
            await ChargeAsync(channel, request.NotificationId);
        }

        return decision.Plan;
    }

    public async Task Track(HistoryEntry entry)
    {
        NotificationHistory.Record(history.State.Entries, entry);
        await history.WriteStateAsync();
    }

    public Task<HistoryPage> GetHistory(int limit, string? cursor) =>
        Task.FromResult(NotificationHistory.Page(history.State.Entries, Math.Clamp(limit, 1, 100), cursor));

    public async Task<UpsertUserResult> AddAddress(Channel channel, string address)
    {
        if (profile.State.Profile is not { } current)
        {
            return new UpsertUserResult(false, new UserProfile(), [new ValidationError("userId", $"no user '{UserId}' exists")]);
        }

        if (!ContactValidation.TryNormalize(channel, address, out var normalized, out var error))
        {
            return new UpsertUserResult(false, current, [error!]);
        }

        var (existing, max, field) = channel == Channel.Push
            ? (current.Devices ?? [], ContactValidation.MaxDevices, "devices")
            : (current.WebPushSubscriptions ?? [], ContactValidation.MaxWebPushSubscriptions, "webPushSubscriptions");
        var kept = existing.ToList();
        var same = kept.FindIndex(other => SameAddress(channel, other, normalized));
        if (same >= 0)
        {
            kept[same] = normalized;
        }
        else if (kept.Count >= max)
        {
            return new UpsertUserResult(false, current, [new ValidationError(field, $"a user has at most {max}; remove one first")]);
        }
        else
        {
            kept.Add(normalized);
        }

        var updated = channel == Channel.Push ? current with { Devices = kept } : current with { WebPushSubscriptions = kept };
        profile.State.Profile = updated;
        await profile.WriteStateAsync();
        return new UpsertUserResult(false, updated, []);
    }

    public async Task<bool> RemoveAddress(Channel channel, string address)
    {
        if (profile.State.Profile is not { } current || string.IsNullOrEmpty(address))
        {
            return false;
        }

        UserProfile? updated = channel switch
        {
            Channel.Email when string.Equals(current.Email, address, StringComparison.OrdinalIgnoreCase) => current with { Email = null },
            Channel.Sms when current.Phone == address => current with { Phone = null },
            Channel.Push when current.Devices?.Any(device => SameAddress(channel, device, address)) == true =>
                current with { Devices = [.. current.Devices.Where(device => !SameAddress(channel, device, address))] },
            Channel.WebPush when current.WebPushSubscriptions?.Any(subscription => SameAddress(channel, subscription, address)) == true =>
                current with { WebPushSubscriptions = [.. current.WebPushSubscriptions.Where(subscription => !SameAddress(channel, subscription, address))] },
            Channel.Webhook when current.WebhookUrl == address => current with { WebhookUrl = null },
            _ => null,
        };
        if (updated is null)
        {
            return false;
        }

        profile.State.Profile = updated;
        await profile.WriteStateAsync();
        return true;
    }

    public async Task MarkOptedOut(Channel channel, string? address)
    {
        if (OptOutKey(channel, address) is { } key && !profile.State.OptedOutAddresses.Contains(key))
        {
            profile.State.OptedOutAddresses.Add(key);
            await profile.WriteStateAsync();
        }
    }

    public async Task ClearOptOut(Channel channel, string? address)
    {
        if (OptOutKey(channel, address) is { } key && profile.State.OptedOutAddresses.Remove(key))
        {
            await profile.WriteStateAsync();
        }
    }

    public Task<PreferencesView?> GetPreferences() => Task.FromResult(profile.State.Profile is null ? null : View());

    public async Task<PreferencesResult> UpdatePreferences(PreferencesUpdate update)
    {
        if (profile.State.Profile is not { } current)
        {
            return new PreferencesResult(null, [new ValidationError("userId", $"no user '{UserId}' exists")]);
        }

        var errors = PreferencesValidation.Validate(update.Preferences, update.TimeZone);
        if (errors.Count > 0)
        {
            return new PreferencesResult(View(), errors);
        }

        profile.State.Preferences = update.Replace ? update.Preferences : PreferenceRules.Merge(Preferences, update.Preferences);
        if (update.TimeZone is { } zone)
        {
            profile.State.Profile = current with { TimeZone = zone };
        }

        // Turning a channel back on for a category undoes an unsubscribe from it.
        profile.State.Unsubscribed.RemoveAll(key => IsEnabledByUser(key));
        await profile.WriteStateAsync();
        return new PreferencesResult(View(), []);
    }

    public async Task<bool> Unsubscribe(string category, Channel channel)
    {
        if (profile.State.Profile is null || !PreferencesValidation.IsCategoryName(category) || !Enum.IsDefined(channel))
        {
            return false;
        }

        profile.State.Preferences = PreferenceRules.Merge(
            Preferences,
            new UserPreferences(Categories: new Dictionary<string, CategoryPreference>
            {
                [category] = new CategoryPreference(new Dictionary<Channel, bool> { [channel] = false }),
            }));
        var key = LegalOptOuts.UnsubscribeKey(category, channel);
        if (!profile.State.Unsubscribed.Contains(key))
        {
            profile.State.Unsubscribed.Add(key);
        }

        await profile.WriteStateAsync();
        return true;
    }

    private PreferencesView View() => new(
        Preferences,
        profile.State.Profile?.TimeZone,
        [.. profile.State.Unsubscribed],
        [.. profile.State.OptedOutAddresses]);

    private bool IsEnabledByUser(string unsubscribeKey)
    {
        var separator = unsubscribeKey.LastIndexOf(':');
        return separator > 0
            && ChannelNames.TryParse(unsubscribeKey[(separator + 1)..], out var channel)
            && Preferences.Categories?.GetValueOrDefault(unsubscribeKey[..separator])?.Channels?.GetValueOrDefault(channel) == true;
    }

    private string? OptOutKey(Channel channel, string? address)
    {
        var target = address ?? channel switch
        {
            Channel.Email => profile.State.Profile?.Email,
            Channel.Sms => profile.State.Profile?.Phone,
            _ => null,
        };
        return string.IsNullOrWhiteSpace(target) || target.Length > ContactValidation.MaxTokenLength * 2 || !Enum.IsDefined(channel)
            ? null
            : LegalOptOuts.Key(channel, target);
    }

    private async Task ChargeAsync(Channel channel, string notificationId)
    {
        var (horizon, keep) = policy.Settings.Horizon(channel);
        if (!budgets.State.Sends.TryGetValue(channel, out var sends))
        {
            budgets.State.Sends[channel] = sends = [];
        }

        var now = clock.GetUtcNow();
        sends.RemoveAll(sent => sent.NotificationId == notificationId);
        sends.Add(new SendRecord(now, notificationId));
        RateWindow.Prune(sends, sent => sent.At, now, horizon, keep);
        await budgets.WriteStateAsync();
    }

    private static bool SameAddress(Channel channel, string stored, string candidate) => channel == Channel.WebPush
        ? ContactValidation.EndpointOf(stored) is { Length: > 0 } endpoint && endpoint == ContactValidation.EndpointOf(candidate)
        : string.Equals(stored, candidate, StringComparison.Ordinal);

    private static List<string>? NormalizeAll(Channel channel, IReadOnlyList<string>? addresses, string field, int max, List<ValidationError> errors)
    {
        if (addresses is null)
        {
            return null;
        }

        if (addresses.Count > max)
        {
            errors.Add(new ValidationError(field, $"a user has at most {max}"));
            return null;
        }

        var normalized = new List<string>(addresses.Count);
        for (var index = 0; index < addresses.Count; index++)
        {
            if (ContactValidation.TryNormalize(channel, addresses[index], out var address, out var error))
            {
                if (!normalized.Any(other => SameAddress(channel, other, address)))
                {
                    normalized.Add(address);
                }
            }
            else
            {
                errors.Add(error! with { Field = $"{field}[{index}].{error.Field}" });
            }
        }

        return normalized;
    }

    private static UserProfile Merge(UserProfile current, UserProfile changes) => new(
        changes.Name ?? current.Name,
        changes.Email ?? current.Email,
        changes.Phone ?? current.Phone,
        changes.Locale ?? current.Locale,
        changes.TimeZone ?? current.TimeZone,
        changes.Devices ?? current.Devices,
        changes.WebPushSubscriptions ?? current.WebPushSubscriptions,
        changes.WebhookUrl ?? current.WebhookUrl);
}
