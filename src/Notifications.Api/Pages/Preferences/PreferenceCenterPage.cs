using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;
using Notifications.Api.Apis;
using Notifications.Domain.Policy;
using Notifications.Domain.Preferences;
using Notifications.Domain.Unsubscribe;
using Notifications.Grains;
using Notifications.Grains.Users;

namespace Notifications.Api.Pages.Preferences;

/// <summary>
/// The hosted preference center: <c>GET /preferences?token=…</c> shows a user's categories × channels, the pause of
/// everything not critical, quiet hours and time zone; a plain form POST saves them. The signed token is the only
/// credential, so the page is reached from the links in the user's own notifications.
/// </summary>
public static class PreferenceCenterPage
{
    private const int MaxFormBytes = 64 * 1024;

    private static readonly string[] DayValues = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public static IEndpointRouteBuilder MapPreferenceCenter(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/preferences", Show).AllowAnonymous().ExcludeFromDescription();
        routes.MapPost("/preferences", Save).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> Show(string? token, string? saved, IGrainFactory grains, UnsubscribeTokens tokens, PolicySettings settings)
    {
        if (Verify(tokens, token) is not { } claims)
        {
            return InvalidLink(tokens, token);
        }

        return await RenderAsync(grains, claims, token!, settings, saved == "1", [], StatusCodes.Status200OK);
    }

    private static async Task<IResult> Save(HttpContext context, IGrainFactory grains, UnsubscribeTokens tokens, PolicySettings settings)
    {
        if (context.Request.ContentLength > MaxFormBytes)
        {
            return HtmlPage.Message("Too much to save", "The form sent was too large.", StatusCodes.Status413PayloadTooLarge);
        }

        if (!context.Request.HasFormContentType)
        {
            return HtmlPage.Message("Nothing to save", "Send the preferences form.", StatusCodes.Status415UnsupportedMediaType);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form["token"].ToString();
        if (Verify(tokens, token) is not { } claims)
        {
            return InvalidLink(tokens, token);
        }

        var errors = new List<ValidationError>();
        var preferences = Read(form, errors);
        var timeZone = form["timeZone"].ToString() is { Length: > 0 } zone ? zone : null;
        errors.AddRange(PreferencesValidation.Validate(preferences, timeZone));
        var user = UserOf(grains, claims);
        if (errors.Count == 0)
        {
            var result = await user.UpdatePreferences(new PreferencesUpdate(preferences, Replace: false, timeZone));
            if (result.Preferences is null)
            {
                return HtmlPage.Message("Nothing to show", "We have no preferences for you.", StatusCodes.Status404NotFound);
            }

            errors.AddRange(result.Errors);
        }

        if (errors.Count > 0)
        {
            return await RenderAsync(grains, claims, token, settings, false, errors, StatusCodes.Status400BadRequest);
        }

        if (form["stopEmailShown"] == "on" && await user.GetProfile() is { Email: { } email } && await user.GetPreferences() is { } view)
        {
            var stopped = view.OptedOutAddresses.Contains(LegalOptOuts.Key(Channel.Email, email));
            var stop = form["stopEmail"] == "on";
            if (stop && !stopped)
            {
                await user.MarkOptedOut(Channel.Email, email);
            }
            else if (!stop && stopped)
            {
                await user.ClearOptOut(Channel.Email, email);
            }
        }

        return Results.Redirect($"/preferences?token={Uri.EscapeDataString(token)}&saved=1");
    }

    private static UnsubscribeClaims? Verify(UnsubscribeTokens tokens, string? token) =>
        tokens.TryRead(token, out var claims) == TokenProblem.None
        && RequestValidation.Validate(claims!.UserId, new UserProfile()).Count == 0
        && !claims.Tenant.Contains(GrainKeys.Separator)
            ? claims
            : null;

    internal static IResult InvalidLink(UnsubscribeTokens tokens, string? token) =>
        tokens.TryRead(token, out _) == TokenProblem.Expired
            ? HtmlPage.Message("This link has expired", "Open the link in a more recent notification to manage what you receive.", StatusCodes.Status410Gone)
            : HtmlPage.Message("This link is not valid", "Open the link exactly as it appears in one of your notifications.", StatusCodes.Status404NotFound);

    internal static IUserGrain UserOf(IGrainFactory grains, UnsubscribeClaims claims) =>
        grains.GetGrain<IUserGrain>(GrainKeys.Compose(claims.Tenant, claims.UserId));

    private static UserPreferences Read(IFormCollection form, List<ValidationError> errors)
    {
        var categories = new Dictionary<string, CategoryPreference>();
        foreach (var name in form["category"].Distinct().Take(PreferencesValidation.MaxCategories + 1))
        {
            if (!PreferencesValidation.IsCategoryName(name))
            {
                errors.Add(new("category", $"'{name}' is not a category"));
                continue;
            }

            categories[name!] = new CategoryPreference(PreferencesResponse.PersonalChannels.ToDictionary(
                channel => channel, channel => form[$"c:{name}:{channel.ToWireName()}"] == "on"));
        }

        var windows = new List<QuietWindow>();
        var count = int.TryParse(form["quietCount"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? Math.Min(parsed, PreferencesValidation.MaxQuietWindows + 1)
            : 0;
        for (var index = 0; index < count; index++)
        {
            var (start, end) = (form[$"q{index}.start"].ToString(), form[$"q{index}.end"].ToString());
            if (start.Length == 0 && end.Length == 0)
            {
                continue;
            }

            var field = $"Quiet period {index + 1}";
            var days = WireNames.Days([.. form[$"q{index}.days"].OfType<string>()], field, errors);
            var from = WireNames.Time(start, $"{field} start", errors);
            var until = WireNames.Time(end, $"{field} end", errors);
            var channels = form[$"q{index}.channels"].ToString() is { Length: > 0 } named
                ? WireNames.Channels(named.Split(','), field, errors)
                : null;
            if (days is not null && from is not null && until is not null)
            {
                windows.Add(new QuietWindow(days, from.Value, until.Value, channels));
            }
        }

        return new UserPreferences(form["pause"] == "on", categories, windows);
    }

    private static async Task<IResult> RenderAsync(
        IGrainFactory grains, UnsubscribeClaims claims, string token, PolicySettings settings, bool saved, IReadOnlyList<ValidationError> errors, int status)
    {
        var user = UserOf(grains, claims);
        if (await user.GetProfile() is not { } profile || await user.GetPreferences() is not { } view)
        {
            return HtmlPage.Message("Nothing to show", "We have no preferences for you.", StatusCodes.Status404NotFound);
        }

        var html = new StringBuilder();
        html.Append("<h1>Notification preferences</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>For <strong>{HtmlPage.Encode(profile.Name ?? profile.Email ?? claims.UserId)}</strong>. Choose what reaches you, and how.</p>\n");
        if (saved)
        {
            html.Append("<p class=\"status\" role=\"status\">Your preferences are saved.</p>\n");
        }

        if (errors.Count > 0)
        {
            html.Append("<div class=\"errors\" role=\"alert\"><h2>Not saved</h2><ul>");
            foreach (var error in errors)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{HtmlPage.Encode(error.Field)}: {HtmlPage.Encode(error.Reason)}</li>");
            }

            html.Append("</ul></div>\n");
        }

        html.Append("<form method=\"post\" action=\"/preferences\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"token\" value=\"{HtmlPage.Encode(token)}\">\n");
        AppendCategories(html, view.Preferences, settings);
        AppendPause(html, view.Preferences);
        AppendQuietHours(html, view);
        AppendEmailStop(html, profile, view);
        html.Append("<p><button type=\"submit\">Save preferences</button></p>\n</form>\n");
        return new HtmlPage("Notification preferences", html.ToString(), status);
    }

    private static void AppendCategories(StringBuilder html, UserPreferences preferences, PolicySettings settings)
    {
        var channels = PreferencesResponse.PersonalChannels;
        html.Append("<fieldset>\n<legend>What you receive</legend>\n<table>\n<caption>Turn each kind of notification on or off for each channel.</caption>\n");
        html.Append("<thead><tr><th scope=\"col\">Notifications</th>");
        foreach (var channel in channels)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{ChannelLabels.For(channel)}</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var name in PreferencesResponse.KnownCategories(settings, preferences))
        {
            var category = settings.Category(name);
            var label = category?.Label ?? name;
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{HtmlPage.Encode(label)}");
            if (category?.Description is { Length: > 0 } description)
            {
                html.Append(CultureInfo.InvariantCulture, $"<br><small>{HtmlPage.Encode(description)}</small>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"category\" value=\"{HtmlPage.Encode(name)}\"></th>");
            foreach (var channel in channels)
            {
                var id = HtmlPage.Encode($"c-{name}-{channel.ToWireName()}");
                var enabled = PreferenceRules.IsEnabled(preferences, category, name, channel);
                html.Append(CultureInfo.InvariantCulture, $"<td><input type=\"checkbox\" id=\"{id}\" name=\"{HtmlPage.Encode($"c:{name}:{channel.ToWireName()}")}\" value=\"on\"{(enabled ? " checked" : "")}>");
                html.Append(CultureInfo.InvariantCulture, $"<label for=\"{id}\" class=\"sr-only\">{HtmlPage.Encode(label)} {ChannelLabels.By(channel)}</label></td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</fieldset>\n");
    }

    private static void AppendPause(StringBuilder html, UserPreferences preferences) =>
        html.Append(CultureInfo.InvariantCulture, $"""
            <fieldset>
            <legend>Pause</legend>
            <input type="checkbox" id="pause" name="pause" value="on"{(preferences.OptOutNonCritical == true ? " checked" : "")}>
            <label for="pause">Pause everything except critical notifications</label>
            </fieldset>

            """);

    private static void AppendQuietHours(StringBuilder html, PreferencesView view)
    {
        var windows = view.Preferences.QuietHours ?? [];
        html.Append("<fieldset>\n<legend>Quiet hours</legend>\n<p>Notifications that are not critical wait until your quiet hours end.</p>\n");
        html.Append("<p><label for=\"timeZone\">Your time zone</label>\n<select id=\"timeZone\" name=\"timeZone\">\n");
        var current = view.TimeZone ?? "UTC";
        foreach (var zone in TimeZones())
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{HtmlPage.Encode(zone)}\"{(zone == current ? " selected" : "")}>{HtmlPage.Encode(zone)}</option>\n");
        }

        html.Append("</select></p>\n");
        // One empty row more than stored, so a period can be added without script.
        for (var index = 0; index <= windows.Count; index++)
        {
            AppendWindow(html, index, index < windows.Count ? windows[index] : null);
        }

        html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"quietCount\" value=\"{windows.Count + 1}\">\n</fieldset>\n");
    }

    private static void AppendWindow(StringBuilder html, int index, QuietWindow? window)
    {
        var prefix = $"q{index}";
        var title = window is null ? $"Quiet period {index + 1} (new; leave the times empty for none)" : $"Quiet period {index + 1}";
        html.Append(CultureInfo.InvariantCulture, $"<fieldset>\n<legend>{HtmlPage.Encode(title)}</legend>\n<p>");
        html.Append(CultureInfo.InvariantCulture, $"<label for=\"{prefix}-start\">From</label> <input type=\"time\" id=\"{prefix}-start\" name=\"{prefix}.start\" value=\"{window?.Start.ToString("HH:mm", CultureInfo.InvariantCulture)}\"> ");
        html.Append(CultureInfo.InvariantCulture, $"<label for=\"{prefix}-end\">until</label> <input type=\"time\" id=\"{prefix}-end\" name=\"{prefix}.end\" value=\"{window?.End.ToString("HH:mm", CultureInfo.InvariantCulture)}\"></p>\n");
        html.Append("<p class=\"days\">");
        for (var day = 0; day < DayValues.Length; day++)
        {
            var dayOfWeek = (DayOfWeek)((day + 1) % 7);
            var on = window?.Days.Contains(dayOfWeek) ?? true;
            html.Append(CultureInfo.InvariantCulture, $"<input type=\"checkbox\" id=\"{prefix}-{DayValues[day]}\" name=\"{prefix}.days\" value=\"{DayValues[day]}\"{(on ? " checked" : "")}>");
            html.Append(CultureInfo.InvariantCulture, $"<label for=\"{prefix}-{DayValues[day]}\">{dayOfWeek}</label> ");
        }

        html.Append("</p>\n");
        if (window?.Channels is { Count: > 0 } channels)
        {
            var names = string.Join(",", channels.Select(channel => channel.ToWireName()));
            html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{prefix}.channels\" value=\"{HtmlPage.Encode(names)}\">");
            html.Append(CultureInfo.InvariantCulture, $"<p><small>Only for {HtmlPage.Encode(string.Join(", ", channels.Select(ChannelLabels.For)))}.</small></p>\n");
        }

        html.Append("</fieldset>\n");
    }

    private static void AppendEmailStop(StringBuilder html, UserProfile profile, PreferencesView view)
    {
        if (profile.Email is not { } email)
        {
            return;
        }

        var stopped = view.OptedOutAddresses.Contains(LegalOptOuts.Key(Channel.Email, email));
        html.Append(CultureInfo.InvariantCulture, $"""
            <fieldset>
            <legend>Email</legend>
            <input type="hidden" name="stopEmailShown" value="on">
            <input type="checkbox" id="stopEmail" name="stopEmail" value="on"{(stopped ? " checked" : "")}>
            <label for="stopEmail">Stop all email to {HtmlPage.Encode(email)}, even critical notifications</label>
            </fieldset>

            """);
    }

    private static IEnumerable<string> TimeZones() =>
        TimeZoneInfo.GetSystemTimeZones().Select(zone => zone.Id).Where(id => id.Contains('/') || id == "UTC").Order(StringComparer.Ordinal);
}
