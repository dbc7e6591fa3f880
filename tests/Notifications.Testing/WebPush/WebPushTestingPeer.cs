using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Notifications.Testing.Peers;

namespace Notifications.Testing.WebPush;

/// <summary>
/// The npm <c>web-push-testing</c> push service emulator, started on a free port: it hands out subscriptions, checks
/// the VAPID authorization and TTL of each push, decrypts it (aes128gcm) and keeps the plaintext for read-back.
/// Its subscription endpoints are <c>http://localhost:{port}/notify/{clientHash}</c>.
/// </summary>
public sealed class WebPushTestingPeer : IAsyncDisposable
{
    private const string Module = "web-push-testing";
    private readonly NodeProcess node;
    private readonly HttpClient control;

    private WebPushTestingPeer(NodeProcess node, int port)
    {
        this.node = node;
        Port = port;
        control = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    public int Port { get; }

    public static async Task<WebPushTestingPeer> StartAsync(CancellationToken ct = default)
    {
        await NodePeers.EnsureInstalledAsync(Module, ct);
        var port = NodePeers.FreePort();
        var node = NodeProcess.Start(NodePeers.Directory, NodePeers.ModulePath(Path.Combine(Module, "src", "bin", "server.js")), port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            await node.WaitForLineAsync(line => line.Contains("Server running on port", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            return new WebPushTestingPeer(node, port);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Subscribes a new browser with the application server key; returns the subscription JSON and its client hash.</summary>
    public async Task<(string SubscriptionJson, string ClientHash)> SubscribeAsync(string applicationServerKey, CancellationToken ct = default)
    {
        var data = await PostAsync("subscribe", new JsonObject { ["applicationServerKey"] = applicationServerKey, ["userVisibleOnly"] = "true" }, ct);
        var clientHash = data["clientHash"]!.GetValue<string>();
        var subscription = new JsonObject
        {
            ["endpoint"] = data["endpoint"]!.GetValue<string>(),
            ["keys"] = data["keys"]!.DeepClone(),
        };
        return (subscription.ToJsonString(), clientHash);
    }

    /// <summary>The decrypted payloads the emulator accepted for this subscription, oldest first.</summary>
    public async Task<IReadOnlyList<string>> GetNotificationsAsync(string clientHash, CancellationToken ct = default)
    {
        var data = await PostAsync("get-notifications", new JsonObject { ["clientHash"] = clientHash }, ct);
        return data["messages"]!.AsArray().Select(message => message!.GetValue<string>()).ToList();
    }

    /// <summary>Marks the subscription expired: the next push to it gets 410 Gone.</summary>
    public async Task ExpireAsync(string clientHash, CancellationToken ct = default)
    {
        using var response = await control.PostAsync($"expire-subscription/{Uri.EscapeDataString(clientHash)}", null, ct);
        response.EnsureSuccessStatusCode();
    }

    public string Transcript => node.Transcript;

    public async ValueTask DisposeAsync()
    {
        control.Dispose();
        await node.DisposeAsync();
    }

    private async Task<JsonNode> PostAsync(string path, JsonObject body, CancellationToken ct)
    {
        using var response = await control.PostAsJsonAsync(path, body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"web-push-testing {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)?["data"] ?? throw new JsonException($"web-push-testing {path} answered without data: {text}");
    }
}
