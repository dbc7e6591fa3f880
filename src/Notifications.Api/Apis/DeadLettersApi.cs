using System.Security.Claims;
using Notifications.Api.Http;
using Notifications.Api.Security;
using Notifications.Domain.Delivery;
using Notifications.Grains;
using Notifications.Grains.DeadLetters;

namespace Notifications.Api.Apis;

/// <summary>
/// <c>/api/v1/dead-letters</c> (admin): notifications that exhausted every route. List them, inspect one with its full
/// attempt history, replay it (a new attempt series under the same id) or discard it (audited).
/// </summary>
public static class DeadLettersApi
{
    public static RouteGroupBuilder MapDeadLettersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/dead-letters").WithTags("Dead letters").RequireAuthorization(Scopes.Admin);
        group.MapGet("/", List)
            .Produces<DeadLetterPage>()
            .ProducesValidationProblem();
        group.MapGet("/{id}", Get)
            .Produces<NotificationView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/replay", Replay)
            .Produces<NotificationView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id}", Discard)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> List(
        string? type, string? channel, DateTimeOffset? from, DateTimeOffset? to, int? limit, string? cursor, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new List<ValidationError>();
        Channel? parsedChannel = null;
        if (channel is not null)
        {
            if (ChannelNames.TryParse(channel, out var known))
            {
                parsedChannel = known;
            }
            else
            {
                errors.Add(new("channel", "must be one of email, sms, push, webpush, inapp, webhook"));
            }
        }

        if (limit is < 1 or > DeadLetterPaging.MaxLimit)
        {
            errors.Add(new("limit", $"must be between 1 and {DeadLetterPaging.MaxLimit}"));
        }

        if (from is not null && to is not null && from >= to)
        {
            errors.Add(new("from", "must be before to"));
        }

        if (!DeadLetterPaging.TryDecode(cursor, out _))
        {
            errors.Add(new("cursor", "is not a cursor this API returned"));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var query = new DeadLetterQuery(type, parsedChannel, from, to, limit ?? 50, cursor);
        return TypedResults.Ok(await grains.GetGrain<IDeadLetterCatalogGrain>(caller.Tenant()).List(query));
    }

    private static async Task<IResult> Get(string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var notification = NotificationsApi.IsNotificationId(id) ? await grains.GetNotificationAsync(caller.Tenant(), id) : null;
        return notification is { Status: NotificationStatus.DeadLettered }
            ? TypedResults.Ok(notification)
            : NotFound(id);
    }

    private static async Task<IResult> Replay(string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (!NotificationsApi.IsNotificationId(id))
        {
            return NotFound(id);
        }

        var result = await Notification(grains, caller, id).Replay(Actor(caller));
        return result.Outcome switch
        {
            ChangeOutcome.Done => TypedResults.Accepted($"/api/v1/notifications/{id}", result.Notification),
            ChangeOutcome.Conflict => Problems.Conflict("status", result.Reason!),
            _ => NotFound(id),
        };
    }

    private static async Task<IResult> Discard(string id, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (!NotificationsApi.IsNotificationId(id))
        {
            return NotFound(id);
        }

        var result = await Notification(grains, caller, id).Discard(Actor(caller));
        return result.Outcome switch
        {
            ChangeOutcome.Done => TypedResults.NoContent(),
            ChangeOutcome.Conflict => Problems.Conflict("status", result.Reason!),
            _ => NotFound(id),
        };
    }

    private static INotificationGrain Notification(IGrainFactory grains, ClaimsPrincipal caller, string id) =>
        grains.GetGrain<INotificationGrain>(GrainKeys.Compose(caller.Tenant(), id));

    /// <summary>Who acts, for the audit trail: the API key's name.</summary>
    private static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "unknown";

    private static IResult NotFound(string id) => Problems.NotFound("id", $"no dead letter '{id}' exists");
}
