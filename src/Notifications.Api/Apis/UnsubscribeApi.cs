using System.Globalization;
using Notifications.Api.Pages.Preferences;
using Notifications.Domain.Policy;
using Notifications.Domain.Unsubscribe;
using Notifications.Grains.Users;

namespace Notifications.Api.Apis;

/// <summary>
/// <c>/u/{token}</c>, the link in every email's <c>List-Unsubscribe</c> header and footer (RFC 8058). A mailbox
/// provider's one-click <c>POST</c> (form body <c>List-Unsubscribe=One-Click</c>, no login) unsubscribes the token's
/// category on its channel; a <c>GET</c> (a person, or a link scanner) only shows a page to confirm or to go to the
/// preference center.
/// </summary>
public static partial class UnsubscribeApi
{
    private const int MaxFormBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapUnsubscribeApi(this IEndpointRouteBuilder routes)
    {
        // Resolved now rather than on the first email, so a missing key is reported at start-up.
        var links = routes.ServiceProvider.GetRequiredService<UnsubscribeLinks>();
        LogLinks(routes.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Notifications.Policy"), links.PublicBaseUrl.AbsoluteUri);
        routes.MapGet("/u/{token}", Confirm).AllowAnonymous().ExcludeFromDescription();
        routes.MapPost("/u/{token}", Unsubscribe).AllowAnonymous().DisableAntiforgery().WithTags("Unsubscribe")
            .Accepts<IFormCollection>("application/x-www-form-urlencoded", "multipart/form-data")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status400BadRequest, contentType: "text/html")
            .Produces(StatusCodes.Status404NotFound, contentType: "text/html")
            .Produces(StatusCodes.Status410Gone, contentType: "text/html");
        return routes;
    }

    private static async Task<IResult> Confirm(string token, IGrainFactory grains, UnsubscribeLinks links, PolicySettings settings)
    {
        if (ClaimsOf(links.Tokens, token) is not { } claims)
        {
            return PreferenceCenterPage.InvalidLink(links.Tokens, token);
        }

        if (await PreferenceCenterPage.UserOf(grains, claims).GetProfile() is null)
        {
            return HtmlPage.Message("Nothing to unsubscribe from", "We have no notifications for you.", StatusCodes.Status404NotFound);
        }

        var what = What(claims, settings);
        var preferences = links.PreferencesFor(links.Tokens.Issue(claims.Tenant, claims.UserId));
        return new HtmlPage("Unsubscribe", $"""
            <h1>Unsubscribe from {HtmlPage.Encode(what)}?</h1>
            <p>You will no longer receive {HtmlPage.Encode(what)}. Critical notifications, such as security alerts, still reach you.</p>
            <form method="post" action="/u/{HtmlPage.Encode(token)}">
            <input type="hidden" name="List-Unsubscribe" value="One-Click">
            <p><button type="submit">Unsubscribe</button></p>
            </form>
            <p>Or <a href="{HtmlPage.Encode(preferences)}">choose what you receive</a> instead.</p>
            """);
    }

    private static async Task<IResult> Unsubscribe(string token, HttpContext context, IGrainFactory grains, UnsubscribeLinks links, PolicySettings settings)
    {
        if (ClaimsOf(links.Tokens, token) is not { } claims)
        {
            return PreferenceCenterPage.InvalidLink(links.Tokens, token);
        }

        var request = context.Request;
        if (request.ContentLength > MaxFormBytes)
        {
            return HtmlPage.Message("Not unsubscribed", "The request body is too large.", StatusCodes.Status413PayloadTooLarge);
        }

        var oneClick = request.HasFormContentType
            && (await request.ReadFormAsync(context.RequestAborted)).TryGetValue("List-Unsubscribe", out var value)
            && value == "One-Click";
        if (!oneClick)
        {
            return HtmlPage.Message(
                "Not unsubscribed", $"Send the form body {UnsubscribeLinks.OneClickBody} to unsubscribe.", StatusCodes.Status400BadRequest);
        }

        if (!await PreferenceCenterPage.UserOf(grains, claims).Unsubscribe(claims.Category!, claims.Channel!.Value))
        {
            return HtmlPage.Message("Nothing to unsubscribe from", "We have no notifications for you.", StatusCodes.Status404NotFound);
        }

        var what = What(claims, settings);
        var preferences = links.PreferencesFor(links.Tokens.Issue(claims.Tenant, claims.UserId));
        return new HtmlPage("Unsubscribed", $"""
            <h1>You are unsubscribed</h1>
            <p role="status">You will no longer receive {HtmlPage.Encode(what)}.</p>
            <p>Changed your mind? <a href="{HtmlPage.Encode(preferences)}">Choose what you receive</a>.</p>
            """);
    }

    /// <summary>Only a token for one category on one channel unsubscribes; a preferences token opens the preference center.</summary>
    private static UnsubscribeClaims? ClaimsOf(UnsubscribeTokens tokens, string token) =>
        tokens.TryRead(token, out var claims) == TokenProblem.None
        && claims!.CanUnsubscribe
        && PreferencesValidation.IsCategoryName(claims.Category)
        && RequestValidation.Validate(claims.UserId, new UserProfile()).Count == 0
        && !claims.Tenant.Contains(GrainKeys.Separator)
            ? claims
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Unsubscribe and preference links point to {PublicBaseUrl} (Notifications:PublicBaseUrl)")]
    private static partial void LogLinks(ILogger logger, string publicBaseUrl);

    private static string What(UnsubscribeClaims claims, PolicySettings settings)
    {
        var label = settings.Category(claims.Category!)?.Label ?? claims.Category!;
        return string.Create(CultureInfo.InvariantCulture, $"{label} notifications {ChannelLabels.By(claims.Channel!.Value)}");
    }
}
