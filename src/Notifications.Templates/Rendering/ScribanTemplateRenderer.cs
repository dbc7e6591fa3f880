using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Notifications.Templates.Fields;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Notifications.Templates.Rendering;

/// <summary>
/// Renders a channel's template fields with Scriban in a sandbox, in the locale the fallback chain picks, and turns
/// every template or data problem into <see cref="RenderResult.Error"/>. Parsed templates are cached: after a field's
/// first use, rendering it neither parses nor reads anything.
/// </summary>
public sealed partial class ScribanTemplateRenderer(IOptions<TemplateOptions> options) : ITemplateRenderer
{
    private static readonly string[] UnsafeUrlSchemes = ["javascript", "vbscript", "data", "file"];

    private readonly TemplateOptions _options = options.Value;
    private readonly CompiledTemplateCache _cache = new();

    /// <summary>How many template fields were parsed since start; a field already seen is not parsed again.</summary>
    public long Compilations => _cache.Compilations;

    /// <summary>How many field renders used an already parsed template.</summary>
    public long CacheHits => _cache.Hits;

    public RenderResult Render(TemplateSet templates, Channel channel, TemplateModel model)
    {
        string? locale = null;
        try
        {
            if (LocaleFallback.Find(templates, channel, model.Recipient.Locale) is not { } found)
            {
                return new RenderResult(null, null, $"type '{templates.Type}' has no {channel.ToWireName()} template");
            }

            locale = found.Locale;
            var globals = ModelOf(model, ScriptData.FromJsonObject(model.DataJson));
            var reader = RecipientFormat.For(model.Recipient, locale);
            using var deadline = new CancellationTokenSource(_options.RenderTimeout);

            var rendered = new Dictionary<TemplateField, string>();
            foreach (var field in ChannelFields.For(channel))
            {
                if (found.Template.SourceOf(field) is not { } source)
                {
                    continue;
                }

                var where = $"{channel.ToWireName()}.{field.ToWireName()} ({locale})";
                var compiled = _cache.GetOrCompile(templates.Type, templates.Version, locale, channel, field, source);
                if (compiled.HasErrors)
                {
                    var first = compiled.Messages.First(message => message.Type == Scriban.Parsing.ParserMessageType.Error);
                    return Failed(locale, $"{where}, line {first.Span.Start.Line + 1}, column {first.Span.Start.Column + 1}: {first.Message}");
                }

                var text = Finish(field, RenderField(compiled, field, globals, reader, deadline, where), where);
                if (text is not null)
                {
                    rendered[field] = text;
                }
            }

            if (ChannelFields.MissingRequired(channel, rendered.ContainsKey) is { } missing)
            {
                return Failed(locale, $"{missing}, but it rendered empty in locale {locale}");
            }

            return new RenderResult(ContentOf(rendered), locale, null);
        }
        catch (RenderTimeoutException timeout)
        {
            return new RenderResult(null, locale, timeout.Message, TimedOut: true);
        }
        catch (Exception exception)
        {
            // Template and data problems arrive as TemplateRenderException with their place; anything else is still
            // this notification's problem, never the silo's.
            return Failed(locale, exception.Message);
        }
    }

    private static RenderResult Failed(string? locale, string error) => new(null, locale, error);

    private string RenderField(
        Template compiled, TemplateField field, ScriptObject globals, RecipientFormat reader, CancellationTokenSource deadline, string where)
    {
        var context = new SandboxedTemplateContext(SandboxGlobals.Instance, ChannelFields.EncodingOf(field), reader, _options, deadline.Token);
        context.PushGlobal(globals);
        context.PushGlobal(new ScriptObject()); // this field's own variables, so that fields cannot see each other's
        try
        {
            return compiled.Render(context);
        }
        catch (ScriptAbortException) when (deadline.IsCancellationRequested)
        {
            throw new RenderTimeoutException(
                $"{where}: rendering took longer than {_options.RenderTimeout.TotalMilliseconds:0} ms (Notifications:Templates:RenderTimeout); is there an endless loop?");
        }
        catch (Exception exception) when (exception is FieldTooLongException || exception.InnerException is FieldTooLongException)
        {
            throw new TemplateRenderException(
                $"{where}: renders to more than {_options.MaxFieldLength} characters (Notifications:Templates:MaxFieldLength)");
        }
        catch (ScriptRuntimeException exception)
        {
            var reason = exception.InnerException is { } inner ? $"{exception.OriginalMessage}: {inner.Message}" : exception.OriginalMessage;
            throw new TemplateRenderException(
                $"{where}, line {exception.Span.Start.Line + 1}, column {exception.Span.Start.Column + 1}: {reason}");
        }
    }

    private static ScriptObject ModelOf(TemplateModel model, ScriptObject data)
    {
        var recipient = model.Recipient;
        return new ScriptObject
        {
            ["data"] = data,
            ["user"] = new ScriptObject
            {
                ["name"] = recipient.Name,
                ["email"] = recipient.Email,
                ["phone"] = recipient.Phone,
                ["locale"] = recipient.Locale,
                ["time_zone"] = recipient.TimeZone,
            },
            ["notification"] = new ScriptObject
            {
                ["id"] = model.NotificationId,
                ["type"] = model.Type,
            },
            ["links"] = new ScriptObject
            {
                ["unsubscribe"] = model.UnsubscribeUrl,
                ["preferences"] = model.PreferencesUrl,
            },
        };
    }

    /// <summary>Trims what a field rendered, keeps single-line fields on one line, checks links and JSON; null when empty.</summary>
    private static string? Finish(TemplateField field, string text, string where)
    {
        text = field switch
        {
            // A line break in a subject would start a new mail header; in a link it could hide a scheme.
            TemplateField.Url => ControlCharacters().Replace(text, "").Trim(),
            _ when ChannelFields.IsSingleLine(field) => ControlCharacters().Replace(text, " ").Trim(),
            _ => text.Trim(),
        };

        if (text.Length == 0)
        {
            return null;
        }

        if (field == TemplateField.Url && UrlScheme().Match(text) is { Success: true } scheme
            && UnsafeUrlSchemes.Contains(scheme.Groups[1].Value, StringComparer.OrdinalIgnoreCase))
        {
            throw new TemplateRenderException($"{where}: a link may not use the {scheme.Groups[1].Value.ToLowerInvariant()}: scheme");
        }

        if (ChannelFields.EncodingOf(field) == FieldEncoding.Json)
        {
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
                if (field == TemplateField.Data && document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new TemplateRenderException($"{where}: push data must render to a JSON object");
                }
            }
            catch (JsonException exception)
            {
                throw new TemplateRenderException($"{where}: did not render valid JSON: {exception.Message}");
            }
        }

        return text;
    }

    private static RenderedContent ContentOf(Dictionary<TemplateField, string> rendered) => new(
        Subject: rendered.GetValueOrDefault(TemplateField.Subject),
        Text: rendered.GetValueOrDefault(TemplateField.Text),
        Html: rendered.GetValueOrDefault(TemplateField.Html),
        Title: rendered.GetValueOrDefault(TemplateField.Title),
        Body: rendered.GetValueOrDefault(TemplateField.Body),
        Url: rendered.GetValueOrDefault(TemplateField.Url),
        Data: rendered.TryGetValue(TemplateField.Data, out var data) ? PushData(data) : null,
        Json: rendered.GetValueOrDefault(TemplateField.Json));

    /// <summary>Push data is a flat map of strings: strings stay as they are, other values keep their JSON text.</summary>
    private static Dictionary<string, string> PushData(string json)
    {
        using var document = JsonDocument.Parse(json);
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Null)
            {
                data[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return data;
    }

    [GeneratedRegex(@"[\p{Cc}\u2028\u2029]+")]
    private static partial Regex ControlCharacters();

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex UrlScheme();

    /// <summary>A render failure whose message is ready for <see cref="RenderResult.Error"/>.</summary>
    private class TemplateRenderException(string message) : Exception(message);

    private sealed class RenderTimeoutException(string message) : TemplateRenderException(message);
}
