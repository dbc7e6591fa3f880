namespace Notifications.Grains.Templates;

/// <summary>Renders a template with sample data, sending nothing. A stateless worker keyed by tenant.</summary>
[Alias("notifications.ITemplatePreviewGrain")]
public interface ITemplatePreviewGrain : IGrainWithStringKey
{
    Task<TemplatePreviewResult> Preview(string type, TemplatePreviewRequest request);
}

/// <summary>
/// What to preview: a channel, with the data a send request would carry, as a given user (their name, locale and time
/// zone) or as nobody in particular. <paramref name="Locale"/> overrides the user's; <paramref name="Version"/> picks a
/// version other than the active one.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.template-preview-request")]
public sealed record TemplatePreviewRequest(Channel Channel, string? Locale = null, string? DataJson = null, string? UserId = null, int? Version = null);

[GenerateSerializer, Alias("notifications.template-preview-outcome")]
public enum TemplatePreviewOutcome
{
    Rendered = 0,
    UnknownType = 1,
    UnknownVersion = 2,
    UnknownUser = 3,
    Invalid = 4,

    /// <summary>The template failed to render (or has no template for the channel): what a send would record as its error.</summary>
    RenderFailed = 5,
}

[GenerateSerializer, Immutable, Alias("notifications.template-preview-result")]
public sealed record TemplatePreviewResult(
    TemplatePreviewOutcome Outcome,
    int? Version = null,
    string? Locale = null,
    RenderedContent? Content = null,
    IReadOnlyList<ValidationError>? Errors = null);
