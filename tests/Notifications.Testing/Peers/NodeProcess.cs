using System.Diagnostics;

namespace Notifications.Testing.Peers;

/// <summary>A Node.js process whose output lines a test can wait for; killed (with its children) on dispose.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Lock gate = new();
    private readonly List<string> transcript = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Signal)> waiters = [];

    private NodeProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data is null ? null : "stderr: " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Raised for every line the process prints on standard output or error.</summary>
    public event Action<string>? LinePrinted;

    public static NodeProcess Start(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return new NodeProcess(Process.Start(start) ?? throw new InvalidOperationException("Cannot start node."));
    }

    /// <summary>Everything the process printed so far, for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (gate)
            {
                return string.Join('\n', transcript);
            }
        }
    }

    public async Task WriteLineAsync(string line)
    {
        await process.StandardInput.WriteLineAsync(line);
        await process.StandardInput.FlushAsync();
    }

    /// <summary>The first line, printed so far or from now on, that satisfies <paramref name="match"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (transcript.Find(line => match(line)) is { } printed)
            {
                return printed;
            }

            waiters.Add((match, signal));
        }

        try
        {
            return await signal.Task.WaitAsync(timeout);
        }
        catch (TimeoutException failure)
        {
            throw new TimeoutException($"The node process did not print the expected line. Output so far:\n{Transcript}", failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> matched = [];
        lock (gate)
        {
            transcript.Add(line);
            waiters.RemoveAll(waiter =>
            {
                if (!waiter.Match(line))
                {
                    return false;
                }

                matched.Add(waiter.Signal);
                return true;
            });
        }

        matched.ForEach(signal => signal.TrySetResult(line));
        LinePrinted?.Invoke(line);
    }
}
