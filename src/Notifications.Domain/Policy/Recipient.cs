namespace Notifications.Domain.Policy;

/// <summary>
/// Everything the policy knows about a recipient: contacts, choices, opt-outs and recent sends per channel (those that
/// count against budgets, the current notification's own excluded).
/// </summary>
public sealed record Recipient(
    string UserId,
    UserProfile Profile,
    UserPreferences Preferences,
    IReadOnlySet<string> Unsubscribed,
    IReadOnlySet<string> OptedOutAddresses,
    IReadOnlyDictionary<Channel, IReadOnlyList<DateTimeOffset>> Sends);

/// <summary>The plan, and the channel whose budget it uses when it says send (null when no budget applies).</summary>
public sealed record PolicyDecision(DeliveryPlan Plan, Channel? ChargedChannel);
