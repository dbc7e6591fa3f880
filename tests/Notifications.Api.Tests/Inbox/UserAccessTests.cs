using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Notifications.Api.Security;

namespace Notifications.Api.Tests.Inbox;

public sealed class UserAccessTests
{
    private static readonly UserAccessRequirement Write = new([Scopes.Send, Scopes.Admin]);

    private static async Task<bool> AllowsAsync(UserAccessRequirement requirement, string routeUserId, params Claim[] claims)
    {
        var http = new DefaultHttpContext();
        http.Request.RouteValues[UserAccess.UserIdRouteValue] = routeUserId;
        var context = new AuthorizationHandlerContext([requirement], new ClaimsPrincipal(new ClaimsIdentity(claims, "test")), http);
        await new UserAccessHandler().HandleAsync(context);
        return context.HasSucceeded;
    }

    [Fact]
    public async Task An_api_key_needs_one_of_the_scopes()
    {
        Assert.True(await AllowsAsync(Write, "ada", new Claim(Scopes.ScopeClaim, Scopes.Send)));
        Assert.False(await AllowsAsync(Write, "ada", new Claim(Scopes.ScopeClaim, Scopes.Read)));
    }

    [Fact]
    public async Task A_subscriber_reaches_only_its_own_user_whatever_scope_claims_it_carries()
    {
        Assert.True(await AllowsAsync(Write, "ada", new Claim(UserAccess.SubscriberClaim, "ada")));
        Assert.False(await AllowsAsync(Write, "bob", new Claim(UserAccess.SubscriberClaim, "ada")));
        Assert.False(await AllowsAsync(Write, "ADA", new Claim(UserAccess.SubscriberClaim, "ada")));
        Assert.False(await AllowsAsync(Write, "bob", new Claim(UserAccess.SubscriberClaim, "ada"), new Claim(Scopes.ScopeClaim, Scopes.Admin)));
    }
}
