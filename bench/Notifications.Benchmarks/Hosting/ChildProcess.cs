using System.Diagnostics;

namespace Notifications.Benchmarks.Hosting;

/// <summary>
/// A product process this tool started (<c>dotnet X.dll</c>), its output in a log file. Only ever stopped by its own
/// id: politely first (SIGTERM, so a silo leaves the cluster), then killed if it does not exit.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan PoliteStop = TimeSpan.FromSeconds(15);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, ChildProcess> Running = new();

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Task logging;

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        this.process = process;
        this.log = log;
        LogPath = ((FileStream)log.BaseStream).Name;
        logging = Task.WhenAll(CopyAsync(process.StandardOutput), CopyAsync(process.StandardError));
    }

    public string Name { get; }

    public int Id => process.Id;

    public string LogPath { get; }

    public bool HasExited => process.HasExited;

    /// <summary>
    /// Starts <c>dotnet <paramref name="assembly"/></c> in the assembly's own folder, so it reads its own
    /// <c>appsettings.json</c> as a deployed build does; its output goes to <c>{name}.log</c> in <paramref name="logDirectory"/>.
    /// </summary>
    public static ChildProcess Start(string name, string assembly, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} does not exist: build it in Release, or run without --no-build.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly },
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(Path.Combine(logDirectory, name + ".log")) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        var child = new ChildProcess(name, process, log);
        Running[process.Id] = child;
        return child;
    }

    /// <summary>Kills every process this tool started that still runs: for a tool that is exiting abruptly.</summary>
    public static void KillAllStarted()
    {
        foreach (var child in Running.Values)
        {
            child.KillNow();
        }
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx; fails early if the process exits.</summary>
    public async Task WaitUntilHealthyAsync(HttpClient http, Uri url, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} while starting; see {LogPath}.");
            }

            try
            {
                using var response = await http.GetAsync(url, ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }

        throw new TimeoutException($"{Name} was not healthy at {url} after {timeout.TotalSeconds:0} s; see {LogPath}.");
    }

    /// <summary>Waits until the log shows <paramref name="text"/>; fails early if the process exits.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} while starting; see {LogPath}.");
            }

            if (ReadLog().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }

        throw new TimeoutException($"{Name} did not log '{text}' within {timeout.TotalSeconds:0} s; see {LogPath}.");
    }

    public ProcessMemory ReadMemory() => ProcessMemory.Read(process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                await ExternalCommand.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], ".", null, CancellationToken.None);
                await process.WaitForExitAsync(new CancellationTokenSource(PoliteStop).Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException)
            {
                process.Kill();
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        Running.TryRemove(process.Id, out _);
        await logging;
        await log.DisposeAsync();
        process.Dispose();
    }

    /// <summary>Kills the process at once, without waiting: for a tool that is being interrupted.</summary>
    public void KillNow()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private string ReadLog()
    {
        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    private async Task CopyAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}
