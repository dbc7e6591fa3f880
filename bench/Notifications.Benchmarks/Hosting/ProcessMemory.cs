using System.Globalization;

namespace Notifications.Benchmarks.Hosting;

/// <summary>A process's resident memory now (VmRSS) and at its peak (VmHWM), from <c>/proc/PID/status</c>.</summary>
public sealed record ProcessMemory(long ResidentBytes, long PeakResidentBytes)
{
    public static ProcessMemory Read(int processId)
    {
        long resident = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                resident = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }

        return new ProcessMemory(resident * 1024, peak * 1024);
    }

    public static ProcessMemory Sum(IEnumerable<ProcessMemory> parts) =>
        parts.Aggregate(new ProcessMemory(0, 0), (sum, part) => new(sum.ResidentBytes + part.ResidentBytes, sum.PeakResidentBytes + part.PeakResidentBytes));

    // "VmRSS:	  123456 kB"
    private static long Kilobytes(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
