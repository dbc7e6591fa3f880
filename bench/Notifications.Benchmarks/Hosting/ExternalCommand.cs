using System.Diagnostics;
using System.Text;

namespace Notifications.Benchmarks.Hosting;

/// <summary>A command run to completion (a build, the services script, git), its output kept for the error message.</summary>
public static class ExternalCommand
{
    public static async Task<string> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new StringBuilder();
        var reading = Task.WhenAll(CopyAsync(process.StandardOutput, output), CopyAsync(process.StandardError, output));
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        await reading;
        var text = output.ToString();
        return process.ExitCode == 0
            ? text
            : throw new InvalidOperationException($"'{fileName} {string.Join(' ', start.ArgumentList)}' exited with {process.ExitCode}:{Environment.NewLine}{Tail(text)}");
    }

    private static async Task CopyAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Tail(string text) => string.Join(Environment.NewLine, text.Split('\n').TakeLast(40));
}
