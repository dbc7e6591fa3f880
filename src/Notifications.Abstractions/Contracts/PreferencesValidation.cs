using System.Text.RegularExpressions;

namespace Notifications.Contracts;

/// <summary>The rules preferences obey, checked by the API (to answer 400 early) and again by the user grain.</summary>
public static partial class PreferencesValidation
{
    public const int MaxCategories = 50;
    public const int MaxQuietWindows = 14;

    /// <summary>A category's name: the same rule as a notification type's.</summary>
    public static bool IsCategoryName(string? name) => name is not null && CategoryName().IsMatch(name);

    public static bool IsTimeZone(string? zone) => zone is { Length: > 0 and <= 64 } && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);

    public static IReadOnlyList<ValidationError> Validate(UserPreferences preferences, string? timeZone = null)
    {
        var errors = new List<ValidationError>();
        if (preferences.Categories is { } categories)
        {
            if (categories.Count > MaxCategories)
            {
                errors.Add(new("categories", $"must name at most {MaxCategories} categories"));
            }

            foreach (var (name, category) in categories)
            {
                var field = $"categories.{name}";
                if (!IsCategoryName(name))
                {
                    errors.Add(new(field, "is not a category name (1-64 lowercase letters, digits, '.', '_' or '-')"));
                    continue;
                }

                if (category is null)
                {
                    errors.Add(new(field, "must be an object"));
                    continue;
                }

                if (category.Channels is { } channels && channels.Keys.Any(channel => !Enum.IsDefined(channel)))
                {
                    errors.Add(new($"{field}.channels", "names an unknown channel"));
                }

                if (category.Order is { } order)
                {
                    if (order.Any(channel => !Enum.IsDefined(channel)))
                    {
                        errors.Add(new($"{field}.order", "names an unknown channel"));
                    }
                    else if (order.Distinct().Count() != order.Count)
                    {
                        errors.Add(new($"{field}.order", "must not name a channel twice"));
                    }
                }
            }
        }

        if (preferences.QuietHours is { } windows)
        {
            if (windows.Count > MaxQuietWindows)
            {
                errors.Add(new("quietHours", $"must have at most {MaxQuietWindows} windows"));
            }

            for (var index = 0; index < windows.Count; index++)
            {
                ValidateWindow(errors, $"quietHours[{index}]", windows[index]);
            }
        }

        if (timeZone is not null && !IsTimeZone(timeZone))
        {
            errors.Add(new("timeZone", "must be an IANA time zone such as Europe/Berlin"));
        }

        return errors;
    }

    private static void ValidateWindow(List<ValidationError> errors, string field, QuietWindow? window)
    {
        if (window is null)
        {
            errors.Add(new(field, "must be an object"));
            return;
        }

        if (window.Days is not { Count: > 0 } days || days.Any(day => !Enum.IsDefined(day)) || days.Distinct().Count() != days.Count)
        {
            errors.Add(new($"{field}.days", "must name each day at most once, at least one (mon, tue, wed, thu, fri, sat, sun)"));
        }

        if (window.Start == window.End)
        {
            errors.Add(new($"{field}.end", "must differ from start (an end before the start crosses midnight)"));
        }

        if (window.Channels is { } channels && (channels.Count == 0 || channels.Any(channel => !Enum.IsDefined(channel))))
        {
            errors.Add(new($"{field}.channels", "must name known channels, or be left out for every channel"));
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex CategoryName();
}
