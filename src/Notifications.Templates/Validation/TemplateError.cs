using Notifications.Templates.Fields;

namespace Notifications.Templates.Validation;

/// <summary>
/// One problem in a <see cref="TemplateSet"/>: what is wrong and where, down to the locale, channel, field and the
/// 1-based line and column of a Scriban source when there is one.
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.template-error")]
public sealed record TemplateError(
    string Message,
    string? Locale = null,
    Channel? Channel = null,
    TemplateField? Field = null,
    int? Line = null,
    int? Column = null)
{
    /// <summary>Where the problem is, as a path such as <c>locales.pt-BR.email.subject</c>; empty for the set itself.</summary>
    public string Path => string.Join('.', new[] { Locale is null ? null : $"locales.{Locale}", Channel?.ToWireName(), Field?.ToWireName() }
        .Where(part => part is not null));

    /// <summary>The error as the API reports it (one entry of a 400 answer).</summary>
    public ValidationError ToValidationError() =>
        new(Path.Length == 0 ? "template" : Path, Line is null ? Message : $"line {Line}, column {Column}: {Message}");

    public override string ToString()
    {
        var where = Path.Length == 0 ? "" : Path + (Line is null ? "" : $" ({Line},{Column})") + ": ";
        return where + Message;
    }
}
