using System.Security.Claims;
using System.Text.Json;
using Notifications.Api.Http;
using Notifications.Api.Security;

namespace Notifications.Api.Apis;

/// <summary><c>/api/v1/notifications</c>: accept a notification, and read its status and attempts.</summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/notifications").WithTags("Notifications");
        group.MapPost("/", Send).RequireAuthorization(Scopes.Send)
            .Accepts<SendNotificationBody>("application/json")
            .Produces<AcceptedResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/{id}", Get).RequireAuthorization(Scopes.Read)
            .Produces<NotificationView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> Send(HttpContext context, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<SendNotificationBody>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<ValidationError>();
        var request = body!.ToRequest(errors);
        errors.AddRange(RequestValidation.Validate(request));
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = await grains.SendNotificationAsync(caller.Tenant(), request);
        return result.Outcome switch
        {
            SubmitOutcome.Accepted or SubmitOutcome.AlreadyAccepted => TypedResults.Accepted(
                $"/api/v1/notifications/{result.Notification!.Id}", new AcceptedResponse(result.Notification.Id, result.Notification.Status)),
            SubmitOutcome.UnknownUser or SubmitOutcome.UnknownType => Problems.NotFound(result.Errors[0].Field, result.Errors[0].Reason),
            SubmitOutcome.IdConflict => Problems.Conflict(result.Errors[0].Field, result.Errors[0].Reason),
            _ => Problems.Validation(result.Errors),
        };
    }

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
public sealed record SendNotificationBody(string? UserId, string? Type, JsonElement? Data, string[]? Channels, string? Priority)
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

        return new SendNotification(UserId ?? string.Empty, Type ?? string.Empty, data, channels, priority);
    }
}

public sealed record AcceptedResponse(string Id, NotificationStatus Status);
