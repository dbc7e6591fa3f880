namespace Notifications.Testing.Smtp;

/// <summary>Reads a shared sink one recipient at a time, so tests sharing a sink do not see each other's mail.</summary>
public static class SmtpSinkRecipientExtensions
{
    public static IReadOnlyList<ReceivedEmail> MessagesTo(this SmtpSink sink, string address) =>
        [.. sink.Messages.Where(message => message.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase))];

    /// <summary>Waits until at least <paramref name="count"/> messages to <paramref name="address"/> arrived, and returns them.</summary>
    public static async Task<IReadOnlyList<ReceivedEmail>> WaitForMessagesToAsync(
        this SmtpSink sink, string address, int count, TimeSpan timeout, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var received = sink.MessagesTo(address);
            if (received.Count >= count)
            {
                return received;
            }

            try
            {
                await Task.Delay(25, deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{received.Count} of {count} message(s) to {address} arrived within {timeout}.");
            }
        }
    }
}
