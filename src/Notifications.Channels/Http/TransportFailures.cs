using System.Security.Authentication;

namespace Notifications.Channels.Http;

/// <summary>
/// Classifies what HttpClient throws when no answer came back: a refused destination is permanent, everything else
/// (no connection, a reset, a timeout, a TLS failure) is worth another try.
/// </summary>
public static class TransportFailures
{
    public static DeliveryResult Classify(Exception exception, string provider)
    {
        if (EgressRefusedException.FindIn(exception) is { } refused)
        {
            return DeliveryResult.Permanent($"Refused to call {provider}: {refused.Message}");
        }

        return exception switch
        {
            OperationCanceledException => DeliveryResult.RetryLater($"{provider} did not answer in time."),
            HttpRequestException { InnerException: AuthenticationException tls } => DeliveryResult.RetryLater(
                $"The TLS handshake with {provider} failed: {tls.Message}"),
            HttpRequestException http => DeliveryResult.RetryLater($"Cannot reach {provider}: {http.Message}"),
            _ => DeliveryResult.RetryLater($"Unexpected failure calling {provider} ({exception.GetType().Name}): {exception.Message}"),
        };
    }

    /// <summary>True for exceptions a send classifies; false for the caller's own cancellation, which propagates.</summary>
    public static bool IsClassifiable(Exception exception, CancellationToken ct) =>
        exception is not OperationCanceledException || !ct.IsCancellationRequested;
}
