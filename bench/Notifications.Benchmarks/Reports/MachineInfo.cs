using System.Globalization;
using System.Runtime.InteropServices;
using Notifications.Benchmarks.Hosting;

namespace Notifications.Benchmarks.Reports;

/// <summary>The machine a report was measured on: figures only compare on the same one.</summary>
public sealed record MachineInfo(
    int Cores,
    double MemoryGiB,
    string Cpu,
    string OperatingSystem,
    string Kernel,
    string Runtime,
    string Sdk,
    double[] LoadAverageAtStart)
{
    public static async Task<MachineInfo> ReadAsync(string repositoryRoot, CancellationToken ct)
    {
        string sdk;
        try
        {
            sdk = (await ExternalCommand.RunAsync("dotnet", ["--version"], repositoryRoot, null, ct)).Trim();
        }
        catch (InvalidOperationException)
        {
            sdk = "unknown";
        }

        return new MachineInfo(
            Environment.ProcessorCount,
            Math.Round(MemTotalKiB() / 1024.0 / 1024.0, 1),
            FirstValue("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
            FirstValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
            File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            sdk,
            LoadAverage());
    }

    /// <summary>The 1, 5 and 15 minute load averages: how busy the machine was besides the benchmark.</summary>
    public static double[] LoadAverage() =>
        File.Exists("/proc/loadavg")
            ? [.. File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(value => double.Parse(value, CultureInfo.InvariantCulture))]
            : [];

    private static long MemTotalKiB() =>
        long.TryParse(FirstValue("/proc/meminfo", "MemTotal", ':')?.Split(' ')[0], CultureInfo.InvariantCulture, out var kib) ? kib : 0;

    private static string? FirstValue(string file, string key, char separator) =>
        File.Exists(file)
            ? File.ReadLines(file)
                .Select(line => line.Split(separator, 2))
                .Where(parts => parts.Length == 2 && parts[0].Trim() == key)
                .Select(parts => parts[1].Trim())
                .FirstOrDefault()
            : null;
}
