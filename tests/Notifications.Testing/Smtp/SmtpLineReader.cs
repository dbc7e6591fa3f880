namespace Notifications.Testing.Smtp;

/// <summary>Reads CRLF-terminated lines as bytes, so message data keeps its exact 8-bit content.</summary>
internal sealed class SmtpLineReader(Stream stream)
{
    private const int MaxLineLength = 1024 * 1024;

    private readonly byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;

    /// <summary>The next line without its line ending, or null when the peer closed the connection.</summary>
    public async Task<byte[]?> ReadLineAsync(CancellationToken ct)
    {
        MemoryStream? partial = null;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline >= 0)
            {
                var line = buffer.AsSpan(start, newline - start);
                start = newline + 1;
                if (partial is not null)
                {
                    partial.Write(line);
                    line = partial.GetBuffer().AsSpan(0, (int)partial.Length);
                }

                return (line.EndsWith((byte)'\r') ? line[..^1] : line).ToArray();
            }

            partial ??= new MemoryStream();
            partial.Write(buffer, start, end - start);
            if (partial.Length > MaxLineLength)
            {
                throw new InvalidDataException("An SMTP line exceeded the sink's limit.");
            }

            start = 0;
            end = await stream.ReadAsync(buffer, ct);
            if (end == 0)
            {
                return null;
            }
        }
    }
}
