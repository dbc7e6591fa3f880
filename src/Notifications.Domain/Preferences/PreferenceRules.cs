using Notifications.Domain.Policy;

namespace Notifications.Domain.Preferences;

/// <summary>How a user's choices and the operator's defaults combine, and how a change merges into stored preferences.</summary>
public static class PreferenceRules
{
    /// <summary>
    /// Whether <paramref name="category"/> may use <paramref name="channel"/>: the user's choice, else the operator's
    /// default for that channel, else off for an opt-in category and on otherwise.
    /// </summary>
    public static bool IsEnabled(UserPreferences preferences, CategorySettings? category, string categoryName, Channel channel)
    {
        if (preferences.Categories?.GetValueOrDefault(categoryName)?.Channels?.TryGetValue(channel, out var chosen) == true)
        {
            return chosen;
        }

        if (category is null)
        {
            return true;
        }

        return category.Channels.TryGetValue(channel, out var byDefault) ? byDefault : !category.OptIn;
    }

    /// <summary>
    /// <paramref name="requested"/> in the preferred order (the user's for the category, else the operator's); channels
    /// the order does not name keep their requested order after those it does.
    /// </summary>
    public static IReadOnlyList<Channel> Order(
        IReadOnlyList<Channel> requested, UserPreferences preferences, CategorySettings? category, string categoryName)
    {
        var order = preferences.Categories?.GetValueOrDefault(categoryName)?.Order is { Count: > 0 } chosen
            ? chosen
            : category?.ChannelOrder ?? [];
        return order.Count == 0
            ? requested
            : [.. requested.Index().OrderBy(item => Rank(order, item.Item)).ThenBy(item => item.Index).Select(item => item.Item)];
    }

    /// <summary>
    /// Merges a change into stored preferences: members the change gives replace the stored ones, except categories,
    /// which merge channel by channel.
    /// </summary>
    public static UserPreferences Merge(UserPreferences stored, UserPreferences change)
    {
        var categories = new Dictionary<string, CategoryPreference>(stored.Categories ?? new Dictionary<string, CategoryPreference>());
        foreach (var (name, changed) in change.Categories ?? new Dictionary<string, CategoryPreference>())
        {
            if (!categories.TryGetValue(name, out var current))
            {
                categories[name] = changed;
                continue;
            }

            var channels = new Dictionary<Channel, bool>(current.Channels ?? new Dictionary<Channel, bool>());
            foreach (var (channel, enabled) in changed.Channels ?? new Dictionary<Channel, bool>())
            {
                channels[channel] = enabled;
            }

            categories[name] = new CategoryPreference(channels, changed.Order ?? current.Order);
        }

        return new UserPreferences(
            change.OptOutNonCritical ?? stored.OptOutNonCritical,
            categories,
            change.QuietHours ?? stored.QuietHours);
    }

    private static int Rank(IReadOnlyList<Channel> order, Channel channel)
    {
        for (var index = 0; index < order.Count; index++)
        {
            if (order[index] == channel)
            {
                return index;
            }
        }

        return order.Count;
    }
}
