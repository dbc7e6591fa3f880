using System.Diagnostics;
using System.Security.Cryptography;
using Notifications.Benchmarks.Hosting;
using Notifications.Benchmarks.Measures;
using Notifications.Benchmarks.Providers;
using Notifications.Benchmarks.Reports;

namespace Notifications.Benchmarks;

/// <summary>
/// Builds the product, then for each run starts a fresh target and SMTP sink, measures, and stops them; finally writes
/// the report. Everything stops measuring when the duration limit is reached, and a run is only started if the
/// previous one suggests it fits in the time left.
/// </summary>
public static class BenchmarkRunner
{
    private const double QuietLoadAverage = 0.5;

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var repository = RepositoryLayout.Find();
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var hosting = options.Hosting.ToString().ToLowerInvariant();
        var workDirectory = Path.Combine(repository.Root, "artifacts", "bench", $"{startedAt:yyyyMMdd-HHmmss}-{hosting}");
        Directory.CreateDirectory(workDirectory);

        using var deadline = new CancellationTokenSource(options.DurationLimit);
        Console.CancelKeyPress += (_, press) =>
        {
            press.Cancel = true;
            deadline.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcess.KillAllStarted();

        Console.WriteLine($"Benchmark of the {hosting} hosting: {options.Runs} run(s), {options.Notifications:N0} notifications, concurrency {options.Concurrency}, {options.Users:N0} users, limit {options.DurationLimit}");
        Console.WriteLine($"Logs of the processes it starts: {workDirectory}");
        try
        {
            await BuildAsync(repository, options, deadline.Token);
            var machine = await MachineInfo.ReadAsync(repository.Root, deadline.Token);
            var commit = await repository.DescribeCommitAsync(deadline.Token);
            var notes = new List<string>();
            if (machine.LoadAverageAtStart is [var load, ..] && load > QuietLoadAverage)
            {
                Console.WriteLine($"Warning: the load average is {load:0.00}; other work on this machine distorts the figures.");
                notes.Add($"The machine was not quiet: load average {load:0.00} at the start (other processes shared the CPU).");
            }

            var (runs, target) = await RunAllAsync(repository, options, workDirectory, notes, clock, deadline);
            if (runs.Count == 0)
            {
                Console.Error.WriteLine("No run finished within the time limit: nothing to report.");
                return 1;
            }

            var report = ReportBuilder.Build(options, startedAt, clock.Elapsed.TotalSeconds, commit, machine, target, runs, notes);
            ReportWriter.PrintTable(report, Console.Out);
            var (json, markdown) = await ReportWriter.WriteAsync(report, Path.GetFullPath(options.OutputDirectory), repository.Root, CancellationToken.None);
            Console.WriteLine($"Report: {json}, {markdown} ({clock.Elapsed.TotalSeconds:N0} s in all)");
            return 0;
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or OperationCanceledException or HttpRequestException)
        {
            Console.Error.WriteLine($"The benchmark failed: {exception.Message}");
            Console.Error.WriteLine($"Logs: {workDirectory}");
            return 1;
        }
        finally
        {
            ChildProcess.KillAllStarted();
        }
    }

    private static async Task<(List<RunResult> Runs, string Target)> RunAllAsync(
        RepositoryLayout repository, BenchmarkOptions options, string workDirectory, List<string> notes, Stopwatch clock, CancellationTokenSource deadline)
    {
        var runs = new List<RunResult>();
        var target = string.Empty;
        var apiKey = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await using var services = options.Hosting == HostingKind.Cluster
            ? await ClusterServices.StartAsync(repository, Path.Combine(workDirectory, "services"), options.PostgresPort, options.RedisPort, deadline.Token)
            : null;
        var lastRun = TimeSpan.Zero;
        for (var number = 1; number <= options.Runs; number++)
        {
            if (number > 1 && options.DurationLimit - clock.Elapsed < lastRun * 1.2)
            {
                notes.Add($"Stopped after {runs.Count} of {options.Runs} runs: another would not fit in the {options.DurationLimit} limit.");
                break;
            }

            Console.WriteLine($"Run {number}/{options.Runs}");
            var runClock = Stopwatch.StartNew();
            await using (var smtp = SmtpProviderSink.Start())
            await using (var twilio = await FakeTwilio.StartAsync(deadline.Token))
            {
                var providers = new ProviderEndpoints(smtp.Port, twilio.BaseUrl, twilio.StatusCallbackUrl);
                var settings = new TargetSettings(repository, providers, apiKey, workDirectory, number, services);
                await using var started = await StartTargetAsync(options.Hosting, settings, probe, deadline.Token);
                target = started.Description;
                Console.WriteLine($"  started: {started.Description}");
                runs.Add(await new BenchmarkRun(started, smtp, twilio, options, apiKey).ExecuteAsync(number, deadline.Token));
            }

            lastRun = runClock.Elapsed;
            if (deadline.IsCancellationRequested)
            {
                notes.Add($"Run {number} reached the {options.DurationLimit} limit; its figures cover what finished.");
                break;
            }
        }

        return (runs, target);
    }

    private static async Task<IBenchmarkTarget> StartTargetAsync(HostingKind hosting, TargetSettings settings, HttpClient probe, CancellationToken ct) =>
        hosting switch
        {
            HostingKind.Embedded => await EmbeddedTarget.StartAsync(settings, probe, ct),
            _ => await ClusterTarget.StartAsync(settings, probe, ct),
        };

    private static async Task BuildAsync(RepositoryLayout repository, BenchmarkOptions options, CancellationToken ct)
    {
        if (!options.Build)
        {
            return;
        }

        Console.WriteLine("Building the product in Release");
        await repository.BuildReleaseAsync(repository.ApiProject, ct);
        if (options.Hosting == HostingKind.Cluster)
        {
            await repository.BuildReleaseAsync(repository.SiloProject, ct);
        }
    }
}
