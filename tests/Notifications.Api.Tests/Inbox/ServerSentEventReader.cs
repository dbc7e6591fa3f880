using System.Text.Json;

namespace Notifications.Api.Tests.Inbox;

/// <summary>Reads a <c>text/event-stream</c> the way a browser's EventSource does: one event per blank line; comments apart.</summary>
public sealed class ServerSentEventReader(Stream stream)
{
    private readonly StreamReader _reader = new(stream);

    public List<string> Comments { get; } = [];

    /// <summary>The next event (name and data), or fails after <paramref name="timeout"/>.</summary>
    public async Task<(string Name, JsonElement Data)> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string name = "message", data = string.Empty;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancel.Token) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (name, JsonDocument.Parse(data).RootElement.Clone());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments.Add(line[1..].Trim());
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data += line["data: ".Length..];
            }
        }
    }

    /// <summary>Skips events until one named <paramref name="name"/> arrives.</summary>
    public async Task<JsonElement> NextAsync(string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var next = await NextAsync(deadline - DateTime.UtcNow);
            if (next.Name == name)
            {
                return next.Data;
            }
        }
    }
}
