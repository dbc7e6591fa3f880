namespace Notifications.Channels;

/// <summary>How a provider answered. Every provider client reports exactly one of these four.</summary>
[GenerateSerializer, Alias("notifications.delivery-outcome")]
public enum DeliveryOutcome
{
    Sent = 0,
    RetryLater = 1,
    PermanentFailure = 2,
    AddressGone = 3,
}

/// <summary>A provider's answer: the provider's message id when sent, else the error and when to try again.</summary>
[GenerateSerializer, Immutable, Alias("notifications.delivery-result")]
public sealed record DeliveryResult(
    DeliveryOutcome Outcome,
    string? ProviderMessageId = null,
    string? Error = null,
    DateTimeOffset? RetryAt = null)
{
    public static DeliveryResult Sent(string? providerMessageId) => new(DeliveryOutcome.Sent, providerMessageId);

    public static DeliveryResult RetryLater(string error, DateTimeOffset? retryAt = null) =>
        new(DeliveryOutcome.RetryLater, Error: error, RetryAt: retryAt);

    public static DeliveryResult Permanent(string error) => new(DeliveryOutcome.PermanentFailure, Error: error);

    public static DeliveryResult AddressGone(string error) => new(DeliveryOutcome.AddressGone, Error: error);

    /// <summary>The failure class recorded on the attempt; null when sent.</summary>
    public FailureKind? FailureKind => Outcome switch
    {
        DeliveryOutcome.RetryLater => Contracts.FailureKind.Retryable,
        DeliveryOutcome.PermanentFailure => Contracts.FailureKind.Permanent,
        DeliveryOutcome.AddressGone => Contracts.FailureKind.AddressGone,
        _ => null,
    };
}
