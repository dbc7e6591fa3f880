using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Notifications.Benchmarks.Hosting;

/// <summary>The environment variables the product is configured with, as its README documents them.</summary>
public static class ProductEnvironment
{
    /// <summary>
    /// The API (and the silos: they send): loopback, the benchmark's API key, email to the SMTP sink, SMS to the fake
    /// Twilio, the yardstick endpoint on.
    /// </summary>
    public static Dictionary<string, string> ForApi(int apiPort, TargetSettings settings, string hosting) => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{apiPort}",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Notifications__Hosting"] = hosting,
        ["Notifications__Security__BootstrapApiKey"] = settings.ApiKey,
        ["Notifications__Benchmark__Yardstick"] = "true",
        ["Notifications__Email__From"] = "Bench <bench@bench.test>",
        ["Notifications__Email__Smtp__Host"] = "127.0.0.1",
        ["Notifications__Email__Smtp__Port"] = Text(settings.Providers.SmtpPort),
        ["Notifications__Email__Smtp__UseTls"] = "None",
        ["Notifications__Sms__Twilio__AccountSid"] = Providers.FakeTwilio.AccountSid,
        ["Notifications__Sms__Twilio__AuthToken"] = Providers.FakeTwilio.AuthToken,
        ["Notifications__Sms__Twilio__From"] = Providers.FakeTwilio.From,
        ["Notifications__Sms__Twilio__BaseUrl"] = settings.Providers.TwilioBaseUrl.ToString(),
        ["Notifications__Sms__Twilio__StatusCallbackUrl"] = settings.Providers.TwilioStatusCallbackUrl.ToString(),
    };

    /// <summary>A port nothing listens on right now (the operating system's pick).</summary>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Whether nothing listens on <paramref name="port"/> of 127.0.0.1 right now.</summary>
    public static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
