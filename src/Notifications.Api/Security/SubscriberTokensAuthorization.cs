using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Notifications.Api.Security;

/// <summary>
/// Policies for endpoints under <c>/api/v1/users/{userId}</c> that a user's own browser may call: an API key with one
/// of the scopes, or a subscriber token for that very <c>{userId}</c>.
/// </summary>
public static class UserAccess
{
    /// <summary>Read scope, or the user's own subscriber token.</summary>
    public const string Read = "user:read";

    /// <summary>Send scope, or the user's own subscriber token.</summary>
    public const string Write = "user:write";

    /// <summary>The user a subscriber token speaks for.</summary>
    public const string SubscriberClaim = "subscriber";

    public const string UserIdRouteValue = "userId";
}

public sealed record UserAccessRequirement(IReadOnlyList<string> ApiKeyScopes) : IAuthorizationRequirement;

/// <summary>Grants <see cref="UserAccessRequirement"/> to an API key with a listed scope or to the route user's own subscriber token.</summary>
public sealed class UserAccessHandler : AuthorizationHandler<UserAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, UserAccessRequirement requirement)
    {
        var caller = context.User;
        if (caller.FindFirstValue(UserAccess.SubscriberClaim) is { } subscriber)
        {
            if (context.Resource is HttpContext http
                && http.Request.RouteValues.TryGetValue(UserAccess.UserIdRouteValue, out var userId)
                && string.Equals(userId as string, subscriber, StringComparison.Ordinal))
            {
                context.Succeed(requirement);
            }
        }
        else if (requirement.ApiKeyScopes.Any(scope => caller.HasClaim(Scopes.ScopeClaim, scope)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
