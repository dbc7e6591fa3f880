using Microsoft.AspNetCore.Http.Extensions;
using Notifications.Channels.Sms;
using Notifications.Grains;

namespace Notifications.Api.Apis;

/// <summary>
/// <c>POST /api/v1/providers/twilio/status</c>: Twilio's delivery receipts for the SMS we sent, as form posts to the
/// StatusCallback URL our sender gave (<c>Notifications:Sms:Twilio:StatusCallbackUrl</c>, which carries
/// <c>?notification={tenant}/{id}</c>). Twilio cannot send an API key: its <c>X-Twilio-Signature</c> is the
/// authentication, and because it covers the whole URL, the tenant and notification named in it are Twilio's word too.
/// </summary>
public static partial class TwilioStatusApi
{
    public const string Path = "/api/v1/providers/twilio/status";

    /// <summary>Twilio's callbacks are a few hundred bytes; anything much larger is not one.</summary>
    private const int MaxFormBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapTwilioStatusApi(this IEndpointRouteBuilder routes)
    {
        // The API may run without the SMS channel (a cluster client): it only needs the token and the public URL.
        var twilio = routes.ServiceProvider.GetRequiredService<IConfiguration>().GetSection(TwilioOptions.SectionName).Get<TwilioOptions>() ?? new TwilioOptions();
        routes.MapPost(Path, (HttpContext context, IGrainFactory grains, ILoggerFactory loggers) => ReceiveAsync(context, grains, twilio, loggers))
            .AllowAnonymous().DisableAntiforgery().WithTags("Providers")
            .WithSummary("Twilio status callback")
            .WithDescription("Applies a signed Twilio delivery receipt (MessageStatus) to the notification named in the URL, monotonically. Answers 204 whatever the receipt changed; 403 when X-Twilio-Signature does not match.")
            .Accepts<IFormCollection>("application/x-www-form-urlencoded")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return routes;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, IGrainFactory grains, TwilioOptions twilio, ILoggerFactory loggers)
    {
        var request = context.Request;
        if (request.ContentLength > MaxFormBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"A status callback is at most {MaxFormBytes} bytes.");
        }

        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Twilio posts status callbacks as application/x-www-form-urlencoded.");
        }

        var form = (await request.ReadFormAsync(context.RequestAborted)).ToDictionary(field => field.Key, field => field.Value.ToString(), StringComparer.Ordinal);
        var signedUrl = TwilioStatusCallback.SignedUrl(twilio.StatusCallbackUrl, request.GetEncodedUrl());
        if (!TwilioSignature.IsValid(twilio.AuthToken ?? string.Empty, signedUrl, form, request.Headers[TwilioSignature.HeaderName].ToString()))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: $"{TwilioSignature.HeaderName} is missing or is not Twilio's signature of this request.");
        }

        var logger = loggers.CreateLogger("Notifications.Sms");
        var callback = TwilioStatusCallback.Read(request.Query[TwilioStatusCallback.NotificationParameter], form);
        if (callback is null || !IsTenantScoped(callback.NotificationKey))
        {
            LogUnusable(logger, form.GetValueOrDefault("MessageSid"));
            return TypedResults.NoContent();
        }

        var outcome = await grains.GetGrain<INotificationGrain>(callback.NotificationKey).ApplyReceipt(callback.ToReceipt());
        LogReceipt(logger, callback.NotificationKey, callback.MessageSid, callback.MessageStatus, outcome);

        // An unknown notification or message is answered 204 like any other receipt, not 404: Twilio does not retry
        // status callbacks, so a 404 would change nothing but fill the account's Twilio debugger with 11200 errors for
        // receipts we have nothing to do with (a notification already erased, a message sent by another system).
        return TypedResults.NoContent();
    }

    private static bool IsTenantScoped(string key) => key.IndexOf(GrainKeys.Separator, StringComparison.Ordinal) is > 0 and var at && at < key.Length - 1;

    [LoggerMessage(Level = LogLevel.Information, Message = "Twilio receipt for {NotificationKey} (message {MessageSid}, {MessageStatus}): {Outcome}")]
    private static partial void LogReceipt(ILogger logger, string notificationKey, string messageSid, string? messageStatus, ReceiptOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A signed Twilio callback (message {MessageSid}) names no notification of ours; ignored")]
    private static partial void LogUnusable(ILogger logger, string? messageSid);
}
