using System.Collections;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Scriban.Runtime;

namespace Notifications.Templates.Rendering;

/// <summary>
/// Moves values between JSON and Scriban: the request's data becomes plain <see cref="ScriptObject"/>s and
/// <see cref="ScriptArray"/>s (member names kept as they are), and template values are written back as JSON.
/// </summary>
internal static class ScriptData
{
    public const int MaxDepth = 32;

    /// <summary>Escapes what could close a string or a script element, and keeps letters of every script readable.</summary>
    public static readonly JavaScriptEncoder JsonEncoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JsonEncoder, MaxDepth = MaxDepth + 1 };

    /// <summary>The request's data as a script object; an empty object when there is none.</summary>
    /// <exception cref="FormatException">The data is not a JSON object.</exception>
    public static ScriptObject FromJsonObject(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (ScriptObject)FromElement(document.RootElement)!
                : throw new FormatException("the notification's data must be a JSON object");
        }
        catch (JsonException exception)
        {
            throw new FormatException($"the notification's data is not valid JSON: {exception.Message}", exception);
        }
    }

    private static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ObjectFrom(element),
        JsonValueKind.Array => new ScriptArray(element.EnumerateArray().Select(FromElement)),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => NumberFrom(element),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static ScriptObject ObjectFrom(JsonElement element)
    {
        var result = new ScriptObject();
        foreach (var property in element.EnumerateObject())
        {
            result.SetValue(property.Name, FromElement(property.Value), readOnly: false);
        }

        return result;
    }

    private static object NumberFrom(JsonElement element)
    {
        if (element.TryGetInt32(out var small))
        {
            return small;
        }

        if (element.TryGetInt64(out var large))
        {
            return large;
        }

        return element.TryGetDecimal(out var exact) ? exact : element.GetDouble();
    }

    /// <summary>A template value as JSON text of at most <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    /// <exception cref="InvalidOperationException">The value is too deep or too large.</exception>
    public static string ToJson(object? value, Func<object, string?> toText, int maxBytes)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(new JsonTarget(writer, toText, maxBytes), value, depth: 0);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed record JsonTarget(Utf8JsonWriter Writer, Func<object, string?> ToText, int MaxBytes)
    {
        /// <summary>Ranges and arrays can be far larger than the output may be: stop as soon as the limit is passed.</summary>
        public void CheckSize()
        {
            if (Writer.BytesPending + Writer.BytesCommitted > MaxBytes)
            {
                throw new InvalidOperationException($"the value is larger than {MaxBytes} bytes as JSON");
            }
        }
    }

    private static void Write(JsonTarget target, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"the value is nested more than {MaxDepth} levels deep");
        }

        target.CheckSize();
        var writer = target.Writer;
        var toText = target.ToText;

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int or long or short or sbyte or byte or ushort or uint or ulong or BigInteger:
                writer.WriteRawValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!, skipInputValidation: true);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case double or float when double.IsFinite(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)):
                writer.WriteNumberValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset instant:
                writer.WriteStringValue(instant);
                break;
            case DateTime instant:
                writer.WriteStringValue(instant);
                break;
            case ScriptObject members:
                writer.WriteStartObject();
                foreach (var (name, member) in members)
                {
                    writer.WritePropertyName(name);
                    Write(target, member, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(toText(entry.Key) ?? "");
                    Write(target, entry.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(target, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(toText(value));
                break;
        }
    }
}
