using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.Benchmarks.Reports;

/// <summary>
/// Writes a report as a console table, and as JSON and Markdown files named by date and hosting. When the files go to
/// the repository's <c>docs/benchmarks</c>, the latest figures are also put into <c>docs/benchmarks.md</c>, between
/// its <c>&lt;!-- latest:HOSTING --&gt;</c> markers.
/// </summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void PrintTable(BenchmarkReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{report.Hosting} hosting, {report.Runs.Count} run(s), medians; {report.Machine.Cores} cores, commit {report.Commit}");
        var width = report.Figures.Max(figure => figure.Name.Length);
        foreach (var figure in report.Figures)
        {
            var runs = string.Join("  ", figure.Runs.Select(value => Format(value, figure.Unit)));
            output.WriteLine($"  {figure.Name.PadRight(width)}  {Format(figure.Median, figure.Unit),12} {figure.Unit,-6}  runs: {runs}");
        }

        output.WriteLine();
        foreach (var check in report.Targets)
        {
            output.WriteLine($"  [{VerdictText(check.Verdict)}] {check.Measure}: target {check.Target}; measured {check.Measured}");
        }

        foreach (var note in report.Notes)
        {
            output.WriteLine($"  note: {note}");
        }
    }

    /// <summary>Writes <c>{date}-{hosting}.json</c> and <c>.md</c>; returns their paths.</summary>
    public static async Task<(string Json, string Markdown)> WriteAsync(BenchmarkReport report, string directory, string repositoryRoot, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var name = $"{report.StartedAt.UtcDateTime:yyyy-MM-dd}-{report.Hosting}";
        var jsonPath = Path.Combine(directory, name + ".json");
        var markdownPath = Path.Combine(directory, name + ".md");
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, Json) + Environment.NewLine, ct);
        await File.WriteAllTextAsync(markdownPath, Markdown(report), ct);

        var docs = Path.Combine(repositoryRoot, "docs");
        if (Path.GetFullPath(directory).TrimEnd('/') == Path.Combine(docs, "benchmarks"))
        {
            await UpdateLatestAsync(Path.Combine(docs, "benchmarks.md"), report, $"benchmarks/{name}.md", ct);
        }

        return (jsonPath, markdownPath);
    }

    public static string Markdown(BenchmarkReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"# Benchmark: {report.Hosting} hosting, {report.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        AppendContext(text, report);
        text.AppendLine();
        text.AppendLine(Invariant, $"## Figures (median of {report.Runs.Count} run{(report.Runs.Count == 1 ? string.Empty : "s")})");
        text.AppendLine();
        AppendFigures(text, report, withRuns: true);
        text.AppendLine();
        text.AppendLine("## Targets (issue 8)");
        text.AppendLine();
        AppendTargets(text, report);
        text.AppendLine();
        text.AppendLine("## Not measurable yet");
        text.AppendLine();
        foreach (var item in report.NotYetMeasurable)
        {
            text.AppendLine(Invariant, $"- {item}");
        }

        if (report.Notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Notes");
            text.AppendLine();
            foreach (var note in report.Notes)
            {
                text.AppendLine(Invariant, $"- {note}");
            }
        }

        text.AppendLine();
        text.AppendLine("Every run in full, with all percentiles and counts, is in the JSON file of the same name.");
        return text.ToString();
    }

    private static void AppendContext(StringBuilder text, BenchmarkReport report)
    {
        var machine = report.Machine;
        var settings = report.Settings;
        text.AppendLine(Invariant, $"- Commit: `{report.Commit}`");
        text.AppendLine(Invariant, $"- Machine: {machine.Cores} cores ({machine.Cpu}), {machine.MemoryGiB:0.#} GiB, {machine.OperatingSystem}, {machine.Runtime}, SDK {machine.Sdk}");
        text.AppendLine(Invariant, $"- Load average (1/5/15 min) at start {LoadText(machine.LoadAverageAtStart)}, at end {LoadText(report.LoadAverageAtEnd)}");
        text.AppendLine(Invariant, $"- Target: {report.Target}; email to an SMTP sink on 127.0.0.1; load generator, sink and product share the same machine");
        text.AppendLine(Invariant, $"- Settings: {settings.Notifications:N0} notifications, concurrency {settings.Concurrency}, {settings.Users:N0} users, {settings.Renders:N0} renders, {settings.Scheduled:N0} scheduled, {settings.Bulk:N0} bulk behind {settings.CriticalPerSecond:N0} critical/s for {settings.CriticalDuration}, {report.Runs.Count} of {settings.RunsRequested} runs, whole benchmark {report.Seconds:N0} s");
    }

    private static void AppendFigures(StringBuilder text, BenchmarkReport report, bool withRuns)
    {
        text.AppendLine(withRuns ? "| Measure | Median | Runs |" : "| Measure | Median |");
        text.AppendLine(withRuns ? "|---|---:|---|" : "|---|---:|");
        foreach (var figure in report.Figures)
        {
            var median = $"{Format(figure.Median, figure.Unit)} {figure.Unit}";
            text.AppendLine(withRuns
                ? $"| {figure.Name} | {median} | {string.Join(" · ", figure.Runs.Select(value => Format(value, figure.Unit)))} |"
                : $"| {figure.Name} | {median} |");
        }
    }

    private static void AppendTargets(StringBuilder text, BenchmarkReport report)
    {
        text.AppendLine("| Measure | Target | Measured | Verdict |");
        text.AppendLine("|---|---|---|---|");
        foreach (var check in report.Targets)
        {
            text.AppendLine(Invariant, $"| {check.Measure} | {check.Target} | {check.Measured} | {VerdictText(check.Verdict)} |");
        }
    }

    private static async Task UpdateLatestAsync(string path, BenchmarkReport report, string link, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var begin = $"<!-- latest:{report.Hosting} -->";
        var end = $"<!-- /latest:{report.Hosting} -->";
        var document = await File.ReadAllTextAsync(path, ct);
        var from = document.IndexOf(begin, StringComparison.Ordinal);
        var to = document.IndexOf(end, StringComparison.Ordinal);
        if (from < 0 || to < from)
        {
            return;
        }

        var block = new StringBuilder();
        block.AppendLine(begin);
        block.AppendLine(Invariant, $"Measured {report.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, full report: [{Path.GetFileName(link)}]({link}).");
        block.AppendLine();
        AppendContext(block, report);
        block.AppendLine();
        AppendFigures(block, report, withRuns: false);
        block.AppendLine();
        AppendTargets(block, report);
        await File.WriteAllTextAsync(path, document[..from] + block + document[to..], ct);
    }

    private static string VerdictText(TargetVerdict verdict) => verdict switch
    {
        TargetVerdict.Met => "met",
        TargetVerdict.Missed => "MISSED",
        TargetVerdict.Inconclusive => "inconclusive",
        _ => "not measured",
    };

    private static string LoadText(double[] load) =>
        load.Length == 0 ? "unknown" : string.Join(" / ", load.Select(value => value.ToString("0.00", Invariant)));

    private static string Format(double value, string unit) =>
        double.IsNaN(value) ? "–"
        : unit switch
        {
            "ms" => value.ToString(value < 10 ? "N2" : value < 100 ? "N1" : "N0", Invariant),
            "×" => value.ToString("0.00", Invariant),
            "MiB" or "s" => value.ToString("N1", Invariant),
            _ => value.ToString("N0", Invariant),
        };
}
