namespace Notifications.Domain.Delivery;

/// <summary>
/// <c>Notifications:Delivery</c>: retries per channel, protection per provider, concurrency per priority lane.
/// Every value has a default; configuration overrides field by field.
/// </summary>
public sealed class DeliveryOptions
{
    public const string Section = "Notifications:Delivery";

    /// <summary>Per channel wire name (<c>email</c>, <c>sms</c>...): retry limits and the provider the channel sends through.</summary>
    public Dictionary<string, ChannelDeliveryOptions> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per provider name: cluster-wide rate and circuit breaker.</summary>
    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Per priority lane (<c>critical</c>, <c>standard</c>, <c>bulk</c>): how many sends may be in flight per provider and silo.</summary>
    public Dictionary<string, LaneOptions> Lanes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How long after a wait's due time its durable reminder fires: the in-memory timer does the work, the reminder
    /// only wakes a notification whose silo died. Shorter means a faster recovery and more reminder ticks.
    /// </summary>
    public TimeSpan WakeReminderGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the wake reminder repeats while a notification is still waiting. A tick missed while its silo was
    /// down comes at the next period, so this bounds how late a retry can be after a silo dies. At least Orleans'
    /// minimum reminder period (one minute by default).
    /// </summary>
    public TimeSpan WakeReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest a notification waits for a lane slot in one turn before it lets other calls (a cancel) in and queues again.
    /// </summary>
    public TimeSpan LaneWaitSlice { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The retry policy of <paramref name="channel"/>: the configured fields over the channel's defaults.</summary>
    public RetryPolicy RetryPolicyFor(Channel channel)
    {
        var defaults = RetryPolicy.DefaultFor(channel);
        if (Find(Channels, channel.ToWireName()) is not { } configured)
        {
            return defaults;
        }

        return new RetryPolicy(
            configured.MaxAttempts ?? defaults.MaxAttempts,
            configured.MaxAge ?? defaults.MaxAge,
            configured.BaseDelay ?? defaults.BaseDelay,
            configured.MaxDelay ?? defaults.MaxDelay);
    }

    /// <summary>The provider <paramref name="channel"/> sends through: configured, or the channel's wire name.</summary>
    public string ProviderFor(Channel channel) =>
        Find(Channels, channel.ToWireName()) is { Provider: { Length: > 0 } provider } ? provider : channel.ToWireName();

    public ProviderOptions ProviderOptionsFor(string provider) => Find(Providers, provider) ?? new ProviderOptions();

    /// <summary>How many sends of <paramref name="priority"/> may be in flight per provider and silo; null is unbounded.</summary>
    public int? LaneConcurrencyFor(Priority priority)
    {
        var name = priority switch
        {
            Priority.Critical => "critical",
            Priority.Bulk => "bulk",
            _ => "standard",
        };
        if (Find(Lanes, name) is { MaxConcurrency: { } limit })
        {
            return limit > 0 ? limit : null;
        }

        return priority switch
        {
            Priority.Critical => null,
            Priority.Bulk => LaneOptions.DefaultBulkConcurrency,
            _ => LaneOptions.DefaultStandardConcurrency,
        };
    }

    /// <summary>Configuration keys are matched without regard to case, whatever dictionary the binder made.</summary>
    private static T? Find<T>(Dictionary<string, T> entries, string name)
        where T : class =>
        entries.TryGetValue(name, out var exact)
            ? exact
            : entries.FirstOrDefault(entry => string.Equals(entry.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>What is wrong with the configuration, if anything; checked at start-up.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (name, channel) in Channels)
        {
            if (!ChannelNames.TryParse(name, out var parsed))
            {
                errors.Add($"{Section}:Channels:{name} is not a channel (email, sms, push, webpush, inapp, webhook)");
                continue;
            }

            var policy = RetryPolicyFor(parsed);
            if (policy.MaxAttempts < 1)
            {
                errors.Add($"{Section}:Channels:{name}:MaxAttempts must be at least 1");
            }

            if (policy.MaxAge <= TimeSpan.Zero || policy.BaseDelay <= TimeSpan.Zero || policy.MaxDelay < policy.BaseDelay)
            {
                errors.Add($"{Section}:Channels:{name}: MaxAge and BaseDelay must be positive and MaxDelay at least BaseDelay");
            }
        }

        foreach (var (name, provider) in Providers)
        {
            if (provider.RatePerSecond is <= 0)
            {
                errors.Add($"{Section}:Providers:{name}:RatePerSecond must be positive when set");
            }

            if (provider.FailureThreshold < 1 || provider.BreakDuration <= TimeSpan.Zero)
            {
                errors.Add($"{Section}:Providers:{name}: FailureThreshold must be at least 1 and BreakDuration positive");
            }
        }

        if (WakeReminderGrace < TimeSpan.Zero || WakeReminderPeriod <= TimeSpan.Zero || LaneWaitSlice <= TimeSpan.Zero)
        {
            errors.Add($"{Section}: WakeReminderGrace must not be negative, WakeReminderPeriod and LaneWaitSlice must be positive");
        }

        return errors;
    }
}

/// <summary><c>Notifications:Delivery:Channels:{channel}</c>. Fields left out keep the channel's default.</summary>
public sealed class ChannelDeliveryOptions
{
    /// <summary>Attempts on this channel in one series, the first included, before falling back to the next route.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>How long after its first attempt a channel keeps being retried.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>The backoff ceiling of the first retry; it doubles with each retry up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan? BaseDelay { get; set; }

    public TimeSpan? MaxDelay { get; set; }

    /// <summary>The provider this channel sends through, for rates and the breaker; defaults to the channel's name.</summary>
    public string? Provider { get; set; }
}

/// <summary><c>Notifications:Delivery:Providers:{name}</c>.</summary>
public sealed class ProviderOptions
{
    /// <summary>Sends per second across the whole cluster; each silo takes an equal share. Unset is unlimited.</summary>
    public double? RatePerSecond { get; set; }

    /// <summary>Consecutive retryable failures that open the circuit breaker.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long the breaker stays open before it lets one trial send through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary><c>Notifications:Delivery:Lanes:{critical|standard|bulk}</c>.</summary>
public sealed class LaneOptions
{
    public const int DefaultStandardConcurrency = 64;
    public const int DefaultBulkConcurrency = 4;

    /// <summary>Sends in flight per provider and silo; 0 is unbounded. Critical is unbounded by default.</summary>
    public int? MaxConcurrency { get; set; }
}

/// <summary>How one channel is retried: attempts and age before falling back, and the backoff's base and ceiling.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan MaxAge, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>
    /// Email tolerates long retries (greylisting, full mailboxes); SMS and push lose their point within hours;
    /// webhooks are retried for a day, as Standard Webhooks suggests; in-app is local and either works or does not.
    /// </summary>
    public static RetryPolicy DefaultFor(Channel channel) => channel switch
    {
        Channel.Email => new(8, TimeSpan.FromHours(24), TimeSpan.FromMinutes(1), TimeSpan.FromHours(2)),
        Channel.Sms => new(5, TimeSpan.FromHours(4), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30)),
        Channel.Push or Channel.WebPush => new(5, TimeSpan.FromHours(4), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30)),
        Channel.Webhook => new(10, TimeSpan.FromHours(24), TimeSpan.FromSeconds(30), TimeSpan.FromHours(4)),
        _ => new(3, TimeSpan.FromHours(1), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)),
    };
}
