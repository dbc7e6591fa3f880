using System.Security.Claims;
using Notifications.Api.Http;
using Notifications.Api.Security;
using Notifications.Domain.History;
using Notifications.Grains;

namespace Notifications.Api.Apis;

/// <summary><c>/api/v1/users</c>: profiles and contacts, and each user's notification history.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/users").WithTags("Users");
        group.MapPut("/{userId}", PutUser).RequireAuthorization(Scopes.Send)
            .Accepts<UserBody>("application/json")
            .Produces<UserResponse>(StatusCodes.Status200OK)
            .Produces<UserResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        group.MapGet("/{userId}", GetUser).RequireAuthorization(Scopes.Read)
            .Produces<UserResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{userId}/notifications", GetHistory).RequireAuthorization(Scopes.Read)
            .Produces<HistoryPage>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> PutUser(string userId, HttpContext context, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<UserBody>(context);
        if (problem is not null)
        {
            return problem;
        }

        var result = await User(grains, caller, userId).Upsert(new UserProfile(body!.Name, body.Email, body.Phone, body.Locale, body.TimeZone));
        if (!result.IsValid)
        {
            return Problems.Validation(result.Errors);
        }

        var response = UserResponse.From(userId, result.Profile);
        return result.Created ? TypedResults.Created($"/api/v1/users/{userId}", response) : TypedResults.Ok(response);
    }

    private static async Task<IResult> GetUser(string userId, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (!IsValidUserId(userId))
        {
            return UserNotFound(userId);
        }

        return await User(grains, caller, userId).GetProfile() is { } profile
            ? TypedResults.Ok(UserResponse.From(userId, profile))
            : UserNotFound(userId);
    }

    private static async Task<IResult> GetHistory(string userId, int? limit, string? cursor, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (limit is < 1 or > 100)
        {
            return JsonBody.Invalid("limit", "must be between 1 and 100");
        }

        if (!NotificationHistory.IsValidCursor(cursor))
        {
            return JsonBody.Invalid("cursor", "is not a cursor this API returned");
        }

        if (!IsValidUserId(userId))
        {
            return UserNotFound(userId);
        }

        var user = User(grains, caller, userId);
        if (await user.GetProfile() is null)
        {
            return UserNotFound(userId);
        }

        return TypedResults.Ok(await user.GetHistory(limit ?? 20, cursor));
    }

    private static IUserGrain User(IGrainFactory grains, ClaimsPrincipal caller, string userId) =>
        grains.GetGrain<IUserGrain>(GrainKeys.Compose(caller.Tenant(), userId));

    private static bool IsValidUserId(string userId) => RequestValidation.Validate(userId, new UserProfile()).Count == 0;

    private static IResult UserNotFound(string userId) => Problems.NotFound("userId", $"no user '{userId}' exists");
}

/// <summary>The fields of a user; a field left out keeps its value.</summary>
public sealed record UserBody(string? Name, string? Email, string? Phone, string? Locale, string? TimeZone);

public sealed record UserResponse(string UserId, string? Name, string? Email, string? Phone, string? Locale, string? TimeZone)
{
    public static UserResponse From(string userId, UserProfile profile) =>
        new(userId, profile.Name, profile.Email, profile.Phone, profile.Locale, profile.TimeZone);
}
