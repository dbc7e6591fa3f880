using Notifications.Testing.Peers;
using WireMock.Server;
using WireMock.Settings;

namespace Notifications.Testing.Http;

/// <summary>WireMock.Net bound to 127.0.0.1 only, for the providers that have no local emulator (Twilio, FCM).</summary>
public static class WireMockLoopback
{
    public static WireMockServer Start() =>
        WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{NodePeers.FreePort()}"] });

    public static string BaseUrl(this WireMockServer server) => $"http://127.0.0.1:{server.Ports[0]}";
}
