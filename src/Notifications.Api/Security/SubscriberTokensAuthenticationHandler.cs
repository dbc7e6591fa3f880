using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Notifications.Api.Security;

/// <summary>
/// Authenticates a subscriber token from <c>Authorization: Bearer</c> or, for <c>EventSource</c> which cannot set
/// headers, from <c>?access_token=</c>. The principal carries the tenant and the user but no scope: it passes only
/// the <see cref="UserAccess"/> policies, for its own user.
/// </summary>
public sealed class SubscriberTokensAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    SubscriberTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "SubscriberToken";
    public const string QueryParameter = "access_token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (tokens.Validate(presented) is not { } token)
        {
            return Task.FromResult(AuthenticateResult.Fail("The subscriber token is not valid or has expired."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"subscriber:{token.UserId}"),
                new Claim(Scopes.TenantClaim, token.Tenant),
                new Claim(UserAccess.SubscriberClaim, token.UserId),
            ],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>The token in the header, else in the query string.</summary>
    internal static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Query.TryGetValue(QueryParameter, out var query) && query.Count == 1 ? query[0] : null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "The subscriber token is not valid or has expired; ask your application for a new one.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: "A subscriber token reaches only its own user's inbox.").ExecuteAsync(Context);
    }
}
