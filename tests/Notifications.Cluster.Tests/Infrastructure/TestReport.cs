using Xunit.Sdk;

namespace Notifications.Cluster.Tests.Infrastructure;

/// <summary>
/// Figures a test reports whether it passes or fails (the kill test's duplicates, timings): written to the test's own
/// output and, as an xunit diagnostic message (xunit.runner.json), to the console of every <c>dotnet test</c> run.
/// </summary>
public sealed class TestReport(IMessageSink diagnostics)
{
    public void Line(ITestOutputHelper output, string text)
    {
        output.WriteLine(text);
        diagnostics.OnMessage(new DiagnosticMessage(text));
    }
}
