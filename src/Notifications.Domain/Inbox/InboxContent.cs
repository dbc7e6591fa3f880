namespace Notifications.Domain.Inbox;

/// <summary>
/// What an inbox accepts, and how a rendered in-app template becomes a message. Titles and bodies longer than the
/// limits are shortened (data can be long); a missing title or an action URL that is not http(s) or a site path
/// is refused, since a page shows the URL as a link.
/// </summary>
public static class InboxContent
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 4000;
    public const int MaxUrlLength = 2048;

    /// <summary>The message a rendered in-app template makes for <paramref name="notificationId"/>, or why it cannot.</summary>
    public static (InboxMessageDraft? Draft, string? Error) FromRendered(string notificationId, RenderedContent content)
    {
        var title = Shorten(content.Title, MaxTitleLength);
        if (title is null)
        {
            return (null, "the in-app template rendered no title");
        }

        var url = NullIfBlank(content.Url);
        if (url is not null && !IsActionUrl(url))
        {
            return (null, "the in-app action URL must be an http(s) URL or a path starting with '/'");
        }

        return (new InboxMessageDraft(notificationId, title, Shorten(content.Body, MaxBodyLength), url), null);
    }

    public static IReadOnlyList<ValidationError> Validate(InboxMessageDraft draft)
    {
        var errors = new List<ValidationError>();
        if (!IsMessageId(draft.NotificationId))
        {
            errors.Add(new("notificationId", $"must be 1-{RequestValidation.MaxIdLength} characters without '/' or control characters"));
        }

        if (string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Length > MaxTitleLength)
        {
            errors.Add(new("title", $"must be 1-{MaxTitleLength} characters"));
        }

        if (draft.Body is { Length: > MaxBodyLength })
        {
            errors.Add(new("body", $"must be at most {MaxBodyLength} characters"));
        }

        if (draft.Url is { } url && !IsActionUrl(url))
        {
            errors.Add(new("url", $"must be an http(s) URL or a path starting with '/', at most {MaxUrlLength} characters"));
        }

        return errors;
    }

    /// <summary>Message ids are notification ids: short, no key separator, nothing a log or a URL would choke on.</summary>
    public static bool IsMessageId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= RequestValidation.MaxIdLength
        && !id.Contains(GrainKeys.Separator) && !id.Any(character => char.IsControl(character) || char.IsWhiteSpace(character));

    private static bool IsActionUrl(string url)
    {
        if (url.Length > MaxUrlLength || url.Any(char.IsControl))
        {
            return false;
        }

        if (url.StartsWith('/'))
        {
            // "//host" and "/\host" are other sites to a browser.
            return url.Length == 1 || (url[1] != '/' && url[1] != '\\');
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var absolute)
            && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp);
    }

    private static string? Shorten(string? text, int maxLength)
    {
        var trimmed = NullIfBlank(text);
        if (trimmed is null || trimmed.Length <= maxLength)
        {
            return trimmed;
        }

        var cut = maxLength - 1;
        if (char.IsHighSurrogate(trimmed[cut - 1]))
        {
            cut--;
        }

        return string.Concat(trimmed.AsSpan(0, cut), "…");
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
