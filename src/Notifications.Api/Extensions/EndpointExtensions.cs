using Notifications.Api.Apis;
using Notifications.Api.Pages.Inbox;
using Notifications.Api.Pages.Preferences;
using Notifications.Api.Security;
using Notifications.Channels.Email;

namespace Notifications.Api.Extensions;

public static partial class EndpointExtensions
{
    /// <summary>Every endpoint, and a start-up line that says where things are and how to try them.</summary>
    public static WebApplication MapNotificationsEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapHealthApi();
        app.MapUsersApi();
        app.MapNotificationsApi();
        app.MapInboxApi();
        app.MapInboxDemoPage();
        app.MapWebPushApi();
        app.MapTemplatesApi();
        app.MapPreferencesApi();
        app.MapUnsubscribeApi();
        app.MapPreferenceCenter();
        app.MapYardstickApi();
        app.MapDeadLettersApi();
        app.MapTwilioStatusApi();

        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app));
        return app;
    }

    private static void LogStarted(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifications.Api");
        var url = app.Urls.FirstOrDefault() ?? HostingExtensions.DefaultUrl;
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        LogListening(logger, url, app.Services.GetService<EmailDestination>()?.Description ?? "the silos (cluster hosting)", keys.Count);
        if (keys.Count == 0)
        {
            LogNoKeys(logger);
        }

        LogTryIt(logger, url);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications API on {Url}; email goes to {EmailDestination}; {KeyCount} API key(s) configured")]
    private static partial void LogListening(ILogger logger, string url, string emailDestination, int keyCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key is configured: set Notifications__Security__BootstrapApiKey to try the API")]
    private static partial void LogNoKeys(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = """
        Try it (with Notifications__Security__BootstrapApiKey=dev-key):
          curl -X PUT {Url}/api/v1/users/ada -H 'Authorization: Bearer dev-key' -H 'Content-Type: application/json' -d '{{"name":"Ada","email":"ada@example.com"}}'
          curl -X POST {Url}/api/v1/notifications -H 'Authorization: Bearer dev-key' -H 'Content-Type: application/json' -d '{{"userId":"ada","type":"welcome"}}'
        """)]
    private static partial void LogTryIt(ILogger logger, string url);
}
