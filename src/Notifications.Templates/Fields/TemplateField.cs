namespace Notifications.Templates.Fields;

/// <summary>A field of <see cref="ChannelTemplate"/>; its wire name is the middle part of a file name such as <c>email.subject.sbn</c>.</summary>
[GenerateSerializer, Alias("notifications.template-field")]
public enum TemplateField
{
    Subject,
    Text,
    Html,
    Title,
    Body,
    Url,
    Data,
    Json,
}

/// <summary>How a field's expression output is encoded, so that data cannot change the structure around it.</summary>
public enum FieldEncoding
{
    /// <summary>Plain text: output as it is.</summary>
    None,

    /// <summary>HTML: output is HTML-escaped unless passed through <c>raw</c>.</summary>
    Html,

    /// <summary>JSON: strings are escaped for use inside quotes, objects and arrays are written as JSON.</summary>
    Json,
}

/// <summary>Which fields each channel has, which it needs, and how each field is treated.</summary>
public static class ChannelFields
{
    private static readonly IReadOnlyDictionary<Channel, TemplateField[]> Allowed = new Dictionary<Channel, TemplateField[]>
    {
        [Channel.Email] = [TemplateField.Subject, TemplateField.Text, TemplateField.Html],
        [Channel.Sms] = [TemplateField.Text],
        [Channel.Push] = [TemplateField.Title, TemplateField.Body, TemplateField.Data],
        [Channel.WebPush] = [TemplateField.Title, TemplateField.Body, TemplateField.Url],
        [Channel.InApp] = [TemplateField.Title, TemplateField.Body, TemplateField.Url],
        [Channel.Webhook] = [TemplateField.Json],
    };

    /// <summary>The fields a channel's template may have, in rendering order.</summary>
    public static IReadOnlyList<TemplateField> For(Channel channel) => Allowed[channel];

    public static bool IsAllowed(Channel channel, TemplateField field) => Allowed[channel].Contains(field);

    /// <summary>
    /// What a channel lacks to be sent, or null: email needs a subject and a text or HTML body, SMS a text, push, web push
    /// and in-app a title or a body, a webhook its JSON. <paramref name="has"/> tells whether a field is there.
    /// </summary>
    public static string? MissingRequired(Channel channel, Func<TemplateField, bool> has) => channel switch
    {
        Channel.Email when !has(TemplateField.Subject) => "email needs a subject",
        Channel.Email when !has(TemplateField.Text) && !has(TemplateField.Html) => "email needs a text or an html body",
        Channel.Sms when !has(TemplateField.Text) => "sms needs a text",
        Channel.Push or Channel.WebPush or Channel.InApp when !has(TemplateField.Title) && !has(TemplateField.Body) =>
            $"{channel.ToWireName()} needs a title or a body",
        Channel.Webhook when !has(TemplateField.Json) => "webhook needs a json body",
        _ => null,
    };

    /// <summary>Fields that end up on one line (a mail header, a notification title, a link): CR and LF never survive.</summary>
    public static bool IsSingleLine(TemplateField field) => field is TemplateField.Subject or TemplateField.Title or TemplateField.Url;

    public static FieldEncoding EncodingOf(TemplateField field) => field switch
    {
        TemplateField.Html => FieldEncoding.Html,
        TemplateField.Data or TemplateField.Json => FieldEncoding.Json,
        _ => FieldEncoding.None,
    };

    public static string ToWireName(this TemplateField field) => field switch
    {
        TemplateField.Subject => "subject",
        TemplateField.Text => "text",
        TemplateField.Html => "html",
        TemplateField.Title => "title",
        TemplateField.Body => "body",
        TemplateField.Url => "url",
        TemplateField.Data => "data",
        TemplateField.Json => "json",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown template field."),
    };

    public static bool TryParse(string? name, out TemplateField field)
    {
        foreach (var candidate in Enum.GetValues<TemplateField>())
        {
            if (string.Equals(candidate.ToWireName(), name, StringComparison.Ordinal))
            {
                field = candidate;
                return true;
            }
        }

        field = default;
        return false;
    }

    /// <summary>The Scriban source of one field, or null when the template does not have it.</summary>
    public static string? SourceOf(this ChannelTemplate template, TemplateField field) => field switch
    {
        TemplateField.Subject => template.Subject,
        TemplateField.Text => template.Text,
        TemplateField.Html => template.Html,
        TemplateField.Title => template.Title,
        TemplateField.Body => template.Body,
        TemplateField.Url => template.Url,
        TemplateField.Data => template.Data,
        TemplateField.Json => template.Json,
        _ => null,
    };

    /// <summary>Returns the template with one field set, for building a <see cref="ChannelTemplate"/> field by field.</summary>
    public static ChannelTemplate With(this ChannelTemplate template, TemplateField field, string source) => field switch
    {
        TemplateField.Subject => template with { Subject = source },
        TemplateField.Text => template with { Text = source },
        TemplateField.Html => template with { Html = source },
        TemplateField.Title => template with { Title = source },
        TemplateField.Body => template with { Body = source },
        TemplateField.Url => template with { Url = source },
        TemplateField.Data => template with { Data = source },
        TemplateField.Json => template with { Json = source },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown template field."),
    };
}
