namespace Notifications.Benchmarks.Hosting;

/// <summary>Where the product's projects, their Release builds and scripts are in this checkout.</summary>
public sealed record RepositoryLayout(string Root)
{
    private const string SolutionFile = "Notifications.Orleans.sln";

    public string ApiProject => Path.Combine(Root, "src", "Notifications.Api", "Notifications.Api.csproj");

    public string ApiAssembly => ReleaseAssembly("Notifications.Api");

    public string SiloProject => Path.Combine(Root, "src", "Notifications.Silo", "Notifications.Silo.csproj");

    public string SiloAssembly => ReleaseAssembly("Notifications.Silo");

    public string ServicesScript => Path.Combine(Root, "scripts", "services.sh");

    /// <summary>The checkout that holds the current directory or, failing that, this tool's build.</summary>
    public static RepositoryLayout Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                {
                    return new RepositoryLayout(directory.FullName);
                }
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {Directory.GetCurrentDirectory()}: run the tool from the repository.");
    }

    public async Task BuildReleaseAsync(string project, CancellationToken ct) =>
        await ExternalCommand.RunAsync("dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "q"], Root, null, ct);

    /// <summary>The commit measured, with <c>+dirty</c> when the checkout has uncommitted changes.</summary>
    public async Task<string> DescribeCommitAsync(CancellationToken ct)
    {
        try
        {
            var commit = (await ExternalCommand.RunAsync("git", ["rev-parse", "--short=12", "HEAD"], Root, null, ct)).Trim();
            // Reports written by earlier runs do not make the measured code dirty.
            var changes = await ExternalCommand.RunAsync(
                "git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks", ":!docs/benchmarks.md"], Root, null, ct);
            return string.IsNullOrWhiteSpace(changes) ? commit : commit + "+dirty";
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private string ReleaseAssembly(string project) =>
        Path.Combine(Root, "src", project, "bin", "Release", "net10.0", project + ".dll");
}
