using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Api.Http;
using Notifications.Api.Inbox;
using Notifications.Api.Security;
using Notifications.Domain.Inbox;
using Notifications.Grains;
using Orleans.Streams;

namespace Notifications.Api.Apis;

/// <summary>
/// <c>/api/v1/users/{userId}/inbox</c>: a user's in-app messages, their counts and marks, and a live event stream;
/// and <c>/api/v1/users/{userId}/token</c>, which issues the subscriber token a browser uses instead of an API key.
/// </summary>
public static class InboxApi
{
    public static RouteGroupBuilder MapInboxApi(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/api/v1/users/{userId}").WithTags("Inbox");
        users.MapPost("/token", IssueToken).RequireAuthorization(Scopes.Send)
            .Produces<SubscriberTokenResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var inbox = users.MapGroup("/inbox");
        inbox.MapGet("/", List).RequireAuthorization(UserAccess.Read)
            .Produces<InboxPage>()
            .ProducesValidationProblem();
        inbox.MapGet("/counts", Counts).RequireAuthorization(UserAccess.Read)
            .Produces<InboxCounts>();
        inbox.MapGet("/stream", Stream).RequireAuthorization(UserAccess.Read)
            .Produces(StatusCodes.Status200OK, contentType: ServerSentEventWriter.ContentType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        foreach (var (action, mark) in Actions)
        {
            inbox.MapPost($"/{{messageId}}/{action}", (string userId, string messageId, ClaimsPrincipal caller, IGrainFactory grains) =>
                    MarkOne(userId, messageId, mark, caller, grains))
                .RequireAuthorization(UserAccess.Write)
                .Produces<InboxMarkResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound);
            inbox.MapPost($"/{action}-all", (string userId, ClaimsPrincipal caller, IGrainFactory grains) => MarkAll(userId, mark, caller, grains))
                .RequireAuthorization(UserAccess.Write)
                .Produces<InboxCounts>();
        }

        return inbox;
    }

    private static readonly (string Action, InboxMark Mark)[] Actions =
        [("read", InboxMark.Read), ("seen", InboxMark.Seen), ("archive", InboxMark.Archived)];

    private static async Task<IResult> IssueToken(string userId, ClaimsPrincipal caller, IGrainFactory grains, SubscriberTokens tokens)
    {
        if (!IsValidUserId(userId) || await grains.GetGrain<IUserGrain>(GrainKeys.Compose(caller.Tenant(), userId)).GetProfile() is null)
        {
            return Problems.NotFound("userId", $"no user '{userId}' exists");
        }

        var (token, expiresAt) = tokens.Issue(caller.Tenant(), userId);
        return TypedResults.Ok(new SubscriberTokenResponse(token, expiresAt));
    }

    private static async Task<IResult> List(
        string userId, int? limit, string? cursor, string? status, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new List<ValidationError>();
        CheckUserId(errors, userId);
        if (limit is < 1 or > 100)
        {
            errors.Add(new("limit", "must be between 1 and 100"));
        }

        if (!InboxMessages.IsValidCursor(cursor))
        {
            errors.Add(new("cursor", "is not a cursor this API returned"));
        }

        var filter = InboxFilter.All;
        if (status is not null && !TryParseFilter(status, out filter))
        {
            errors.Add(new("status", "must be all, unread or archived"));
        }

        return errors.Count > 0
            ? Problems.Validation(errors)
            : TypedResults.Ok(await Inbox(grains, caller, userId).List(filter, limit ?? 20, cursor));
    }

    private static async Task<IResult> Counts(string userId, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new List<ValidationError>();
        CheckUserId(errors, userId);
        return errors.Count > 0 ? Problems.Validation(errors) : TypedResults.Ok(await Inbox(grains, caller, userId).GetCounts());
    }

    private static IResult Stream(string userId, ClaimsPrincipal caller, IClusterClient cluster)
    {
        var errors = new List<ValidationError>();
        CheckUserId(errors, userId);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return cluster.ServiceProvider.GetKeyedService<IStreamProvider>(InboxStreams.ProviderName) is { } streams
            ? new InboxLiveFeed(GrainKeys.Compose(caller.Tenant(), userId), streams)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Live updates are not configured",
                detail: $"This API process has no '{InboxStreams.ProviderName}' stream provider.");
    }

    private static async Task<IResult> MarkOne(string userId, string messageId, InboxMark mark, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new List<ValidationError>();
        CheckUserId(errors, userId);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = InboxContent.IsMessageId(messageId)
            ? await Inbox(grains, caller, userId).Mark(messageId, mark)
            : null;
        return result?.Message is { } message
            ? TypedResults.Ok(new InboxMarkResponse(message, result.Counts))
            : Problems.NotFound("messageId", $"no message '{messageId}' is in this inbox");
    }

    private static async Task<IResult> MarkAll(string userId, InboxMark mark, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var errors = new List<ValidationError>();
        CheckUserId(errors, userId);
        return errors.Count > 0 ? Problems.Validation(errors) : TypedResults.Ok(await Inbox(grains, caller, userId).MarkAll(mark));
    }

    private static IInboxGrain Inbox(IGrainFactory grains, ClaimsPrincipal caller, string userId) =>
        grains.GetGrain<IInboxGrain>(GrainKeys.Compose(caller.Tenant(), userId));

    private static bool IsValidUserId(string userId) => RequestValidation.Validate(userId, new UserProfile()).Count == 0;

    private static void CheckUserId(List<ValidationError> errors, string userId) =>
        errors.AddRange(RequestValidation.Validate(userId, new UserProfile()));

    private static bool TryParseFilter(string status, out InboxFilter filter)
    {
        foreach (var candidate in Enum.GetValues<InboxFilter>())
        {
            if (string.Equals(candidate.ToString(), status, StringComparison.OrdinalIgnoreCase))
            {
                filter = candidate;
                return true;
            }
        }

        filter = InboxFilter.All;
        return false;
    }
}

/// <summary>A subscriber token: send it back as <c>Authorization: Bearer {token}</c>, or as <c>?access_token=</c> from <c>EventSource</c>.</summary>
public sealed record SubscriberTokenResponse(string Token, DateTimeOffset ExpiresAt);

public sealed record InboxMarkResponse(InboxMessage Message, InboxCounts Counts);
