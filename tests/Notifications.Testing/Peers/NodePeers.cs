using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Notifications.Testing.Peers;

/// <summary>
/// The Node.js test peers in <c>tests/peers</c> (an npm package with a lock file). Installs them with <c>npm ci</c> the
/// first time a test needs them, so a fresh clone needs only Node and npm on the PATH.
/// </summary>
public static class NodePeers
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>The <c>tests/peers</c> folder of this repository, found from the test binaries upwards.</summary>
    public static string Directory { get; } = FindPeersDirectory();

    public static string ModulePath(string relative) => Path.Combine(Directory, "node_modules", relative);

    /// <summary>Runs <c>npm ci</c> in <c>tests/peers</c> unless <paramref name="module"/> is already installed.</summary>
    public static async Task EnsureInstalledAsync(string module, CancellationToken ct = default)
    {
        await InstallGate.WaitAsync(ct);
        try
        {
            if (System.IO.Directory.Exists(ModulePath(module)))
            {
                return;
            }

            var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--prefix", Directory])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("Cannot start npm.");
            var output = npm.StandardOutput.ReadToEndAsync(ct);
            var errors = npm.StandardError.ReadToEndAsync(ct);
            await npm.WaitForExitAsync(ct);
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {Directory} failed ({npm.ExitCode}): {await errors}{await output}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindPeersDirectory()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "peers");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No tests/peers/package.json above {AppContext.BaseDirectory}.");
    }
}
