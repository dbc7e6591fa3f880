using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Notifications.Templates.Fields;

namespace Notifications.Templates.Versions;

/// <summary>
/// A hash of what a version says (category, priority, default locale and every source), not of its name or number:
/// saving the same content again is recognised as no change.
/// </summary>
public static class TemplateFingerprint
{
    public static string Of(TemplateSet set)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            // A canonical form: names sorted ordinally, so that dictionary order never changes the hash.
            writer.WriteStartObject();
            writer.WriteString("category", set.Category);
            writer.WriteString("defaultPriority", set.DefaultPriority.ToString());
            writer.WriteString("defaultLocale", set.DefaultLocale);
            writer.WriteStartObject("locales");
            foreach (var (locale, templates) in set.Locales.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(locale);
                foreach (var (channel, template) in templates.Channels.OrderBy(pair => pair.Key))
                {
                    writer.WriteStartObject(channel.ToWireName());
                    foreach (var field in Enum.GetValues<TemplateField>())
                    {
                        if (template.SourceOf(field) is { } source)
                        {
                            writer.WriteString(field.ToWireName(), source);
                        }
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }
}
