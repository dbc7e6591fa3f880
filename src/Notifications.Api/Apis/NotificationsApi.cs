using System.Security.Claims;
using System.Text.Json;
using Notifications.Api.Http;
using Notifications.Api.Security;
using Notifications.Domain.Delivery;
using Notifications.Grains;
using Notifications.Grains.Idempotency;

namespace Notifications.Api.Apis;

/// <summary><c>/api/v1/notifications</c>: accept a notification (once per <c>Idempotency-Key</c>), read its status and attempts, cancel it.</summary>
public static class NotificationsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string IdempotentReplayedHeader = "Idempotent-Replayed";

    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/notifications").WithTags("Notifications");
        group.MapPost("/", Send).RequireAuthorization(Scopes.Send)
            .Accepts<SendNotificationBody>("application/json")
            .Produces<AcceptedResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id}", Get).RequireAuthorization(Scopes.Read)
            .Produces<NotificationView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/cancel", Cancel).RequireAuthorization(Scopes.Send)
            .Produces<NotificationView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> Send(HttpContext context, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var idempotencyKey = context.Request.Headers[IdempotencyKeyHeader].ToString();
        if (context.Request.Headers.ContainsKey(IdempotencyKeyHeader) && !IdempotencyKeys.IsValid(idempotencyKey))
        {
            return JsonBody.Invalid(IdempotencyKeyHeader, $"must be 1-{IdempotencyKeys.MaxLength} printable ASCII characters");
        }

        var (body, problem) = await JsonBody.ReadAsync<SendNotificationBody>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<ValidationError>();
        var apiKey = StatusCallbacks.ConfiguredKey(context, caller);
        var request = body!.ToRequest(errors);
        if (request.CallbackUrl is null && apiKey?.CallbackUrl is { } defaultUrl)
        {
            request = request with { CallbackUrl = defaultUrl };
        }

        errors.AddRange(RequestValidation.Validate(request));
        errors.AddRange(DeliveryRequestRules.Validate(request, (context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow()));
        if (errors.Count == 0 && request.CallbackUrl is { } callbackUrl)
        {
            errors.AddRange(StatusCallbacks.Check(context, callbackUrl, apiKey));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var callerName = caller.Identity!.Name!;
        if (request.CallbackUrl is not null)
        {
            await StatusCallbacks.RegisterSecretAsync(grains, caller.Tenant(), callerName, apiKey!.CallbackSecret!);
        }

        if (idempotencyKey.Length == 0)
        {
            var notification = grains.GetGrain<INotificationGrain>(GrainKeys.Compose(caller.Tenant(), NotificationIds.New()));
            return Answer(await notification.SubmitAs(request, callerName));
        }

        var key = grains.GetGrain<IIdempotencyGrain>(IdempotencyKeys.GrainKey(caller.Tenant(), callerName, idempotencyKey));
        var submission = await key.Submit(request, callerName);
        switch (submission.Outcome)
        {
            case IdempotencyOutcome.KeyReused:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency key reused",
                    detail: $"The {IdempotencyKeyHeader} was used before with a different request; use a new key for a new notification.",
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [IdempotencyKeyHeader] = ["was used with a different request"] } });
            case IdempotencyOutcome.Replayed:
                context.Response.Headers[IdempotentReplayedHeader] = "true";
                return TypedResults.Accepted(
                    $"/api/v1/notifications/{submission.NotificationId}", new AcceptedResponse(submission.NotificationId!, submission.OriginalStatus!.Value));
            default:
                return Answer(submission.Result!);
        }
    }

    private static IResult Answer(SubmitResult result) => result.Outcome switch
    {
        SubmitOutcome.Accepted or SubmitOutcome.AlreadyAccepted => TypedResults.Accepted(
            $"/api/v1/notifications/{result.Notification!.Id}", new AcceptedResponse(result.Notification.Id, result.Notification.Status)),
        SubmitOutcome.UnknownUser or SubmitOutcome.UnknownType => Problems.NotFound(result.Errors[0].Field, result.Errors[0].Reason),
        SubmitOutcome.IdConflict => Problems.Conflict(result.Errors[0].Field, result.Errors[0].Reason),
        _ => Problems.Validation(result.Errors),
    };

    private static async Task<IResult> Cancel(string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (!IsNotificationId(id))
        {
            return Problems.NotFound("id", $"no notification '{id}' exists");
        }

        var result = await grains.CancelNotificationAsync(caller.Tenant(), id);
        return result.Outcome switch
        {
            ChangeOutcome.Done => TypedResults.Ok(result.Notification),
            ChangeOutcome.Conflict => Problems.Conflict("status", result.Reason!),
            _ => Problems.NotFound("id", $"no notification '{id}' exists"),
        };
    }

    /// <summary>Whether <paramref name="id"/> can name a notification: anything else is not found without asking a grain.</summary>
    public static bool IsNotificationId(string id) => id.Length <= RequestValidation.MaxIdLength && !id.Contains(GrainKeys.Separator);

    private static async Task<IResult> Get(string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var notification = id.Length <= RequestValidation.MaxIdLength && !id.Contains(GrainKeys.Separator)
            ? await grains.GetNotificationAsync(caller.Tenant(), id)
            : null;
        return notification is null
            ? Problems.NotFound("id", $"no notification '{id}' exists")
            : TypedResults.Ok(notification);
    }
}

/// <summary>The body of <c>POST /api/v1/notifications</c>.</summary>
public sealed record SendNotificationBody(
    string? UserId,
    string? Type,
    JsonElement? Data,
    string[]? Channels,
    string? Priority,
    DateTimeOffset? ScheduleAt = null,
    string? SendAtLocal = null,
    string? CallbackUrl = null)
{
    /// <summary>Maps wire names to the contract, collecting what cannot be mapped.</summary>
    public SendNotification ToRequest(List<ValidationError> errors)
    {
        List<Channel>? channels = null;
        if (Channels is not null)
        {
            channels = [];
            for (var index = 0; index < Channels.Length; index++)
            {
                if (ChannelNames.TryParse(Channels[index], out var channel))
                {
                    channels.Add(channel);
                }
                else
                {
                    errors.Add(new($"channels[{index}]", "must be one of email, sms, push, webpush, inapp, webhook"));
                }
            }
        }

        Priority? priority = null;
        if (Priority is not null)
        {
            if (Enum.TryParse<Priority>(Priority, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(Priority, out _))
            {
                priority = parsed;
            }
            else
            {
                errors.Add(new("priority", "must be critical, standard or bulk"));
            }
        }

        string? data = null;
        if (Data is { ValueKind: not JsonValueKind.Null } element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                data = element.GetRawText();
            }
            else
            {
                errors.Add(new("data", "must be a JSON object"));
            }
        }

        return new SendNotification(UserId ?? string.Empty, Type ?? string.Empty, data, channels, priority, ScheduleAt, SendAtLocal, CallbackUrl);
    }
}

public sealed record AcceptedResponse(string Id, NotificationStatus Status);
