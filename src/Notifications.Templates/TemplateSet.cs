namespace Notifications.Templates;

/// <summary>
/// One immutable version of a notification type: its category, default priority and locale, and the Scriban
/// sources of its templates per locale and channel.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.template-set")]
public sealed record TemplateSet(
    string Type,
    int Version,
    string Category,
    Priority DefaultPriority,
    string DefaultLocale,
    IReadOnlyDictionary<string, LocaleTemplates> Locales)
{
    /// <summary>The channels this type has a template for in its default locale, in a stable order.</summary>
    public IReadOnlyList<Channel> Channels =>
        Locales.TryGetValue(DefaultLocale, out var templates) ? [.. templates.Channels.Keys.Order()] : [];
}

/// <summary>The templates of one locale, per channel.</summary>
[GenerateSerializer, Immutable, Alias("notifications.locale-templates")]
public sealed record LocaleTemplates(IReadOnlyDictionary<Channel, ChannelTemplate> Channels);

/// <summary>
/// Scriban sources for one channel; each field renders into the same field of <see cref="RenderedContent"/>.
/// <see cref="Data"/> renders to a JSON object of strings (push data).
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.channel-template")]
public sealed record ChannelTemplate(
    string? Subject = null,
    string? Text = null,
    string? Html = null,
    string? Title = null,
    string? Body = null,
    string? Url = null,
    string? Data = null,
    string? Json = null);

/// <summary>
/// What a template sees: <c>data</c> (the request's JSON object), <c>user</c> (the recipient), the ids, and
/// <c>links</c>: the recipient's signed unsubscribe and preference-center links, when the notification has them.
/// </summary>
public sealed record TemplateModel(
    string NotificationId, string Type, string? DataJson, UserProfile Recipient, string? UnsubscribeUrl = null, string? PreferencesUrl = null);

/// <summary>
/// The rendered content, or the error that makes this channel fail. A template or data error fails for good; running
/// out of time (<see cref="TimedOut"/>) may be a busy machine as much as an endless loop, so it is worth another try.
/// </summary>
public sealed record RenderResult(RenderedContent? Content, string? Locale, string? Error, bool TimedOut = false)
{
    public bool Succeeded => Content is not null;
}

/// <summary>Finds the active version of a notification type for a tenant.</summary>
public interface ITemplateProvider
{
    ValueTask<TemplateSet?> GetActiveAsync(string tenant, string type, CancellationToken ct);

    /// <summary>
    /// One version of a type, active or not, or null when the tenant has no such version: what a notification renders
    /// with is the version it recorded when it was accepted, whatever is active by the time it is sent.
    /// </summary>
    ValueTask<TemplateSet?> GetVersionAsync(string tenant, string type, int version, CancellationToken ct);
}

/// <summary>
/// Renders one channel of a template set for one recipient, choosing the locale by the fallback chain
/// (recipient locale such as pt-BR, then pt, then the type's default). Never throws for a template or data problem.
/// </summary>
public interface ITemplateRenderer
{
    RenderResult Render(TemplateSet templates, Channel channel, TemplateModel model);
}
