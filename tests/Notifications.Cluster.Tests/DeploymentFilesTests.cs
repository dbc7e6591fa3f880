using System.Diagnostics;
using Notifications.Cluster.Tests.Infrastructure;

namespace Notifications.Cluster.Tests;

/// <summary>No Docker engine runs here: the compose file is checked by docker-compose itself, without running it.</summary>
public sealed class DeploymentFilesTests
{
    [Fact]
    public async Task The_compose_file_is_valid()
    {
        var root = TestServices.RepositoryRoot();
        var start = new ProcessStartInfo("docker-compose", ["-f", Path.Combine(root, "docker-compose.yml"), "config", "-q"])
        {
            WorkingDirectory = root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("docker-compose could not be started: install it (apt-get install -y docker-compose).");
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"docker-compose config -q failed: {errors}");
    }
}
