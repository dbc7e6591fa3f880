namespace Notifications.Channels.Http;

/// <summary>Reads a provider's <c>Retry-After</c> header (seconds or an HTTP date) as an instant.</summary>
public static class RetryAfter
{
    public static DateTimeOffset? From(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        var now = time.GetUtcNow();
        return header switch
        {
            { Delta: { } delta } => now + (delta < TimeSpan.Zero ? TimeSpan.Zero : delta),
            { Date: { } date } => date < now ? now : date,
            _ => null,
        };
    }

    /// <summary>The later of the provider's instant and <paramref name="minimumDelay"/> from now.</summary>
    public static DateTimeOffset AtLeast(DateTimeOffset? providerInstant, TimeSpan minimumDelay, TimeProvider time)
    {
        var earliest = time.GetUtcNow() + minimumDelay;
        return providerInstant is { } instant && instant > earliest ? instant : earliest;
    }
}
