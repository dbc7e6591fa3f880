using System.Collections.Frozen;

namespace Notifications.Domain.Policy;

/// <summary>A budget: at most <paramref name="Limit"/> sends in any <paramref name="Window"/>.</summary>
public sealed record RateLimit(int Limit, TimeSpan Window);

/// <summary>One category's operator settings, with channel names resolved.</summary>
public sealed record CategorySettings(
    string Name,
    string Label,
    string? Description,
    bool OptIn,
    FrozenDictionary<Channel, bool> Channels,
    IReadOnlyList<Channel> ChannelOrder,
    FrozenDictionary<Channel, RateLimit> RateLimits,
    RateLimitAction? RateLimitAction);

/// <summary>
/// <see cref="PolicyOptions"/> checked and resolved once: channel names to channels, categories by name. Every
/// mistake is reported with the configuration key to fix.
/// </summary>
public sealed class PolicySettings
{
    private readonly FrozenDictionary<string, CategorySettings> _categories;

    private PolicySettings(
        FrozenDictionary<Channel, RateLimit> rateLimits, RateLimitAction action, FrozenDictionary<string, CategorySettings> categories)
    {
        RateLimits = rateLimits;
        RateLimitAction = action;
        _categories = categories;
    }

    public static PolicySettings Empty { get; } = From(new PolicyOptions());

    public FrozenDictionary<Channel, RateLimit> RateLimits { get; }

    public RateLimitAction RateLimitAction { get; }

    /// <summary>The configured categories, in name order.</summary>
    public IReadOnlyList<CategorySettings> Categories => [.. _categories.Values.OrderBy(category => category.Name, StringComparer.Ordinal)];

    public CategorySettings? Category(string name) => _categories.GetValueOrDefault(name);

    /// <summary>The budget a notification of <paramref name="category"/> has on <paramref name="channel"/>, if any.</summary>
    public RateLimit? RateLimitFor(string category, Channel channel) =>
        Category(category)?.RateLimits.GetValueOrDefault(channel) ?? RateLimits.GetValueOrDefault(channel);

    public RateLimitAction ActionFor(string category) => Category(category)?.RateLimitAction ?? RateLimitAction;

    /// <summary>The longest window and the largest limit configured for a channel: how much send history to keep.</summary>
    public (TimeSpan Window, int Limit) Horizon(Channel channel)
    {
        var limits = _categories.Values.Select(category => category.RateLimits.GetValueOrDefault(channel))
            .Append(RateLimits.GetValueOrDefault(channel))
            .OfType<RateLimit>()
            .ToArray();
        return limits.Length == 0 ? (TimeSpan.Zero, 0) : (limits.Max(limit => limit.Window), limits.Max(limit => limit.Limit));
    }

    /// <summary>Resolves <paramref name="options"/>; throws <see cref="ArgumentException"/> listing every mistake.</summary>
    public static PolicySettings From(PolicyOptions options)
    {
        var errors = new List<string>();
        var rateLimits = RateLimitsFrom(options.RateLimits, $"{PolicyOptions.Section}:RateLimits", errors);
        if (!Enum.IsDefined(options.RateLimitAction))
        {
            errors.Add($"{PolicyOptions.Section}:RateLimitAction must be Defer or Drop.");
        }

        var categories = new Dictionary<string, CategorySettings>(StringComparer.Ordinal);
        foreach (var (name, category) in options.Categories)
        {
            var key = $"{PolicyOptions.Section}:Categories:{name}";
            if (!PreferencesValidation.IsCategoryName(name))
            {
                errors.Add($"{key}: '{name}' is not a category name (lowercase letters, digits, '.', '_', '-').");
                continue;
            }

            var channels = new Dictionary<Channel, bool>();
            foreach (var (channelName, enabled) in category.Channels)
            {
                if (ParseChannel(channelName, $"{key}:Channels", errors) is { } channel)
                {
                    channels[channel] = enabled;
                }
            }

            var order = category.ChannelOrder.Select(channelName => ParseChannel(channelName, $"{key}:ChannelOrder", errors))
                .OfType<Channel>().Distinct().ToArray();
            if (category.RateLimitAction is { } action && !Enum.IsDefined(action))
            {
                errors.Add($"{key}:RateLimitAction must be Defer or Drop.");
            }

            categories[name] = new CategorySettings(
                name,
                string.IsNullOrWhiteSpace(category.Label) ? name : category.Label,
                category.Description,
                category.OptIn,
                channels.ToFrozenDictionary(),
                order,
                RateLimitsFrom(category.RateLimits, $"{key}:RateLimits", errors),
                category.RateLimitAction);
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        return new PolicySettings(rateLimits, options.RateLimitAction, categories.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static FrozenDictionary<Channel, RateLimit> RateLimitsFrom(
        Dictionary<string, RateLimitOptions> configured, string key, List<string> errors)
    {
        var limits = new Dictionary<Channel, RateLimit>();
        foreach (var (channelName, limit) in configured)
        {
            if (ParseChannel(channelName, key, errors) is not { } channel)
            {
                continue;
            }

            if (limit.Limit < 1 || limit.Window <= TimeSpan.Zero)
            {
                errors.Add($"{key}:{channelName} needs Limit of at least 1 and a positive Window (such as 01:00:00).");
                continue;
            }

            limits[channel] = new RateLimit(limit.Limit, limit.Window);
        }

        return limits.ToFrozenDictionary();
    }

    private static Channel? ParseChannel(string name, string key, List<string> errors)
    {
        if (ChannelNames.TryParse(name, out var channel))
        {
            return channel;
        }

        errors.Add($"{key}: '{name}' is not a channel (email, sms, push, webpush, inapp, webhook).");
        return null;
    }
}
