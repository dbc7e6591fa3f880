namespace Notifications.Channels.Http;

/// <summary>A request to a caller-supplied URL was refused by the <see cref="EgressGuard"/>; the message says why.</summary>
public sealed class EgressRefusedException(string message) : Exception(message)
{
    /// <summary>The refusal behind <paramref name="exception"/> (HttpClient wraps what a connect callback throws), if any.</summary>
    public static EgressRefusedException? FindIn(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is EgressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
