using System.Globalization;
using System.Security.Claims;
using Notifications.Api.Http;
using Notifications.Api.Security;
using Notifications.Domain.Policy;
using Notifications.Domain.Preferences;
using Notifications.Grains;

namespace Notifications.Api.Apis;

/// <summary>
/// <c>/api/v1/users/{userId}/preferences</c>: categories × channels, the global opt-out of non-critical notifications,
/// the channel order per category, quiet hours and the time zone. PUT replaces, PATCH merges.
/// </summary>
public static class PreferencesApi
{
    public static RouteGroupBuilder MapPreferencesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/users/{userId}/preferences").WithTags("Preferences");
        group.MapGet("/", Get).RequireAuthorization(Scopes.Read)
            .Produces<PreferencesResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/", (string userId, HttpContext context, ClaimsPrincipal caller, IGrainFactory grains, PolicySettings settings) =>
                Update(userId, context, caller, grains, settings, replace: true))
            .RequireAuthorization(Scopes.Send)
            .Accepts<PreferencesBody>("application/json")
            .Produces<PreferencesResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/", (string userId, HttpContext context, ClaimsPrincipal caller, IGrainFactory grains, PolicySettings settings) =>
                Update(userId, context, caller, grains, settings, replace: false))
            .RequireAuthorization(Scopes.Send)
            .Accepts<PreferencesBody>("application/json")
            .Produces<PreferencesResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> Get(string userId, ClaimsPrincipal caller, IGrainFactory grains, PolicySettings settings)
    {
        if (!UsersApi.IsValidUserId(userId) || await UsersApi.User(grains, caller, userId).GetPreferences() is not { } view)
        {
            return UsersApi.UserNotFound(userId);
        }

        return TypedResults.Ok(PreferencesResponse.From(view, settings));
    }

    private static async Task<IResult> Update(
        string userId, HttpContext context, ClaimsPrincipal caller, IGrainFactory grains, PolicySettings settings, bool replace)
    {
        var (body, problem) = await JsonBody.ReadAsync<PreferencesBody>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<ValidationError>();
        var preferences = body!.ToPreferences(errors);
        errors.AddRange(PreferencesValidation.Validate(preferences, body.TimeZone));
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (!UsersApi.IsValidUserId(userId))
        {
            return UsersApi.UserNotFound(userId);
        }

        var result = await UsersApi.User(grains, caller, userId).UpdatePreferences(new PreferencesUpdate(preferences, replace, body.TimeZone));
        if (result.Preferences is null)
        {
            return UsersApi.UserNotFound(userId);
        }

        return result.IsValid ? TypedResults.Ok(PreferencesResponse.From(result.Preferences, settings)) : Problems.Validation(result.Errors);
    }
}

/// <summary>
/// Preferences on the wire. <c>categories</c> maps a category to <c>{channels: {email: true, sms: false}, order: [...]}</c>;
/// <c>quietHours</c> is a list of <c>{days: ["mon", ...], start: "22:00", end: "07:00", channels?: [...]}</c>.
/// </summary>
public sealed record PreferencesBody(
    bool? OptOutNonCritical,
    Dictionary<string, CategoryBody?>? Categories,
    List<QuietWindowBody?>? QuietHours,
    string? TimeZone)
{
    public UserPreferences ToPreferences(List<ValidationError> errors)
    {
        Dictionary<string, CategoryPreference>? categories = null;
        if (Categories is not null)
        {
            categories = [];
            foreach (var (name, category) in Categories)
            {
                var field = $"categories.{name}";
                if (category is null)
                {
                    errors.Add(new(field, "must be an object"));
                    continue;
                }

                Dictionary<Channel, bool>? channels = null;
                if (category.Channels is not null)
                {
                    channels = [];
                    foreach (var (channelName, enabled) in category.Channels)
                    {
                        if (WireNames.Channel(channelName, $"{field}.channels.{channelName}", errors) is { } channel)
                        {
                            channels[channel] = enabled;
                        }
                    }
                }

                var order = category.Order is null ? null : WireNames.Channels(category.Order, $"{field}.order", errors);
                categories[name] = new CategoryPreference(channels, order);
            }
        }

        List<QuietWindow>? windows = null;
        if (QuietHours is not null)
        {
            windows = [];
            for (var index = 0; index < QuietHours.Count; index++)
            {
                var field = $"quietHours[{index}]";
                if (QuietHours[index] is not { } window)
                {
                    errors.Add(new(field, "must be an object"));
                    continue;
                }

                var days = WireNames.Days(window.Days, $"{field}.days", errors);
                var start = WireNames.Time(window.Start, $"{field}.start", errors);
                var end = WireNames.Time(window.End, $"{field}.end", errors);
                var channels = window.Channels is null ? null : WireNames.Channels(window.Channels, $"{field}.channels", errors);
                if (days is not null && start is not null && end is not null)
                {
                    windows.Add(new QuietWindow(days, start.Value, end.Value, channels));
                }
            }
        }

        return new UserPreferences(OptOutNonCritical, categories, windows);
    }
}

public sealed record CategoryBody(Dictionary<string, bool>? Channels, string[]? Order);

public sealed record QuietWindowBody(string[]? Days, string? Start, string? End, string[]? Channels);

/// <summary>
/// A user's preferences: what they chose, and <c>effective</c>, what applies to each known category and channel
/// once the operator's defaults fill the gaps. <c>unsubscribed</c> lists one-click unsubscribes
/// (<c>category:channel</c>), <c>optedOutAddresses</c> the binding opt-outs (<c>channel:address</c>).
/// </summary>
public sealed record PreferencesResponse(
    bool OptOutNonCritical,
    Dictionary<string, CategoryBody> Categories,
    List<QuietWindowBody> QuietHours,
    string? TimeZone,
    IReadOnlyList<string> Unsubscribed,
    IReadOnlyList<string> OptedOutAddresses,
    Dictionary<string, Dictionary<string, bool>> Effective)
{
    /// <summary>The channels a person chooses between; webhooks belong to the tenant.</summary>
    public static readonly Channel[] PersonalChannels = [Channel.Email, Channel.Sms, Channel.Push, Channel.WebPush, Channel.InApp];

    public static PreferencesResponse From(PreferencesView view, PolicySettings settings)
    {
        var preferences = view.Preferences;
        var chosen = preferences.Categories ?? new Dictionary<string, CategoryPreference>();
        var categories = chosen.ToDictionary(
            pair => pair.Key,
            pair => new CategoryBody(
                pair.Value.Channels?.ToDictionary(channel => channel.Key.ToWireName(), channel => channel.Value),
                pair.Value.Order?.Select(channel => channel.ToWireName()).ToArray()));
        var effective = KnownCategories(settings, preferences).ToDictionary(
            name => name,
            name => PersonalChannels.ToDictionary(
                channel => channel.ToWireName(), channel => PreferenceRules.IsEnabled(preferences, settings.Category(name), name, channel)));
        var windows = (preferences.QuietHours ?? []).Select(window => new QuietWindowBody(
            [.. window.Days.Select(WireNames.Day)],
            window.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
            window.End.ToString("HH:mm", CultureInfo.InvariantCulture),
            window.Channels?.Select(channel => channel.ToWireName()).ToArray())).ToList();
        return new PreferencesResponse(
            preferences.OptOutNonCritical ?? false, categories, windows, view.TimeZone, view.Unsubscribed, view.OptedOutAddresses, effective);
    }

    /// <summary>The operator's categories and any other the user has a choice for, in name order.</summary>
    public static IReadOnlyList<string> KnownCategories(PolicySettings settings, UserPreferences preferences) =>
        [.. settings.Categories.Select(category => category.Name)
            .Union(preferences.Categories?.Keys ?? [])
            .Order(StringComparer.Ordinal)];
}

/// <summary>Wire names of channels, weekdays and times, with errors that name the field.</summary>
public static class WireNames
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static string Day(DayOfWeek day) => DayNames[(int)day];

    public static Channel? Channel(string? name, string field, List<ValidationError> errors)
    {
        if (ChannelNames.TryParse(name, out var channel))
        {
            return channel;
        }

        errors.Add(new(field, "must be one of email, sms, push, webpush, inapp, webhook"));
        return null;
    }

    public static List<Channel> Channels(IEnumerable<string?> names, string field, List<ValidationError> errors) =>
        [.. names.Select((name, index) => Channel(name, $"{field}[{index}]", errors)).OfType<Channel>()];

    public static List<DayOfWeek>? Days(string[]? names, string field, List<ValidationError> errors)
    {
        if (names is not { Length: > 0 })
        {
            errors.Add(new(field, "must name at least one day (mon, tue, wed, thu, fri, sat, sun)"));
            return null;
        }

        var days = new List<DayOfWeek>();
        foreach (var name in names)
        {
            var index = name is { Length: >= 3 } ? Array.IndexOf(DayNames, name[..3].ToLowerInvariant()) : -1;
            if (index < 0 || (name!.Length > 3 && !Enum.GetName((DayOfWeek)index)!.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new(field, $"'{name}' is not a day (mon, tue, wed, thu, fri, sat, sun)"));
                return null;
            }

            days.Add((DayOfWeek)index);
        }

        return days;
    }

    public static TimeOnly? Time(string? text, string field, List<ValidationError> errors)
    {
        if (TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        errors.Add(new(field, "must be a time of day such as 22:00"));
        return null;
    }
}
