namespace Notifications.Domain.Policy;

/// <summary>
/// The operator's side of recipient policy, bound from <c>Notifications:Policy</c>: rate limits per channel, and per
/// category the defaults (opt-in, channels on or off, channel order), limits and the action when a limit is reached.
/// Channel names are the wire names (<c>email</c>, <c>sms</c>, <c>push</c>...).
/// </summary>
public sealed class PolicyOptions
{
    public const string Section = "Notifications:Policy";

    /// <summary>Per channel, a budget per user across every notification type: <c>RateLimits:push = {Limit: 3, Window: 01:00:00}</c>.</summary>
    public Dictionary<string, RateLimitOptions> RateLimits { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What happens to a notification over budget when its category does not say.</summary>
    public RateLimitAction RateLimitAction { get; set; } = RateLimitAction.Defer;

    /// <summary>Per category name (<c>marketing</c>, <c>transactional</c>...).</summary>
    public Dictionary<string, CategoryOptions> Categories { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary><c>Notifications:Policy:Categories:{name}</c>.</summary>
public sealed class CategoryOptions
{
    /// <summary>The name shown in the preference center; the category's name when empty.</summary>
    public string? Label { get; set; }

    public string? Description { get; set; }

    /// <summary>Every channel is off until the user turns it on (marketing, where the law asks for consent).</summary>
    public bool OptIn { get; set; }

    /// <summary>Defaults per channel, overriding <see cref="OptIn"/> for the channels named.</summary>
    public Dictionary<string, bool> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The order channels are tried in unless the user chose one.</summary>
    public List<string> ChannelOrder { get; set; } = [];

    /// <summary>Budgets that apply to this category's notifications instead of the channel's default.</summary>
    public Dictionary<string, RateLimitOptions> RateLimits { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What happens to this category's notifications over budget; the policy-wide action when null.</summary>
    public RateLimitAction? RateLimitAction { get; set; }
}

/// <summary>At most <see cref="Limit"/> notifications on a channel in any <see cref="Window"/> (a sliding window).</summary>
public sealed class RateLimitOptions
{
    public int Limit { get; set; }

    public TimeSpan Window { get; set; }
}

/// <summary>What becomes of a notification over budget.</summary>
public enum RateLimitAction
{
    /// <summary>Wait until the budget frees (status <c>deferred</c>, reason <c>rate_limited</c>).</summary>
    Defer = 0,

    /// <summary>Do not send it (status <c>suppressed</c>, reason <c>rate_limited</c>).</summary>
    Drop = 1,
}
