using System.Globalization;
using System.Text.RegularExpressions;
using Scriban;
using Scriban.Parsing;
using Scriban.Syntax;

namespace Notifications.Templates.Rendering;

/// <summary>
/// The functions this product adds to Scriban, imported with Scriban's names (<c>format_date</c>...). Dates, numbers
/// and amounts come out in the recipient's locale and time zone; <c>raw</c> lets trusted markup through unescaped.
/// </summary>
internal static partial class TemplateFunctions
{
    private const string DefaultNumberFormat = "#,0.###";
    private const string DefaultDateFormat = "g";

    /// <summary><c>{{ data.instant | format_date }}</c> or <c>format_date "D"</c>: an ISO 8601 instant in the recipient's zone.</summary>
    public static string FormatDate(TemplateContext context, SourceSpan span, object? value, string? format = null)
    {
        if (value is null or "")
        {
            return "";
        }

        var instant = value switch
        {
            DateTimeOffset offset => offset,
            DateTime { Kind: DateTimeKind.Unspecified } local => new DateTimeOffset(local, TimeSpan.Zero),
            DateTime dateTime => new DateTimeOffset(dateTime),
            string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
            _ => throw new ScriptRuntimeException(span, $"format_date expects an ISO 8601 instant such as 2025-06-01T14:30:00Z, not '{context.ObjectToString(value)}'"),
        };

        var reader = FormatOf(context);
        return Formatted(span, "format_date", format, () =>
            TimeZoneInfo.ConvertTime(instant, reader.TimeZone).ToString(format ?? DefaultDateFormat, reader.Culture));
    }

    /// <summary><c>{{ data.count | format_number }}</c> or <c>format_number "N2"</c>: digits grouped the recipient's way.</summary>
    public static string FormatNumber(TemplateContext context, SourceSpan span, object? value, string? format = null)
    {
        if (value is null or "")
        {
            return "";
        }

        var number = NumberOf(context, span, "format_number", value);
        return Formatted(span, "format_number", format, () => number.ToString(format ?? DefaultNumberFormat, FormatOf(context).Culture));
    }

    /// <summary><c>{{ data.total | format_money "EUR" }}</c>: an amount in an ISO 4217 currency, written the recipient's way.</summary>
    public static string FormatMoney(TemplateContext context, SourceSpan span, object? amount, string? currency)
    {
        if (amount is null or "")
        {
            return "";
        }

        var code = currency?.Trim().ToUpperInvariant();
        if (code is null || !CurrencyCode().IsMatch(code) || !MoneyFormat.IsKnown(code))
        {
            throw new ScriptRuntimeException(span, $"format_money expects an ISO 4217 currency code such as EUR, not '{currency}'");
        }

        return MoneyFormat.Format(NumberOf(context, span, "format_money", amount), code, FormatOf(context).Culture);
    }

    /// <summary><c>{{ data.snippet | raw }}</c>: written as it is in an HTML or JSON field, for markup the caller vouches for.</summary>
    public static object Raw(TemplateContext context, object? value) => new RawOutput(context.ObjectToString(value) ?? "");

    private static RecipientFormat FormatOf(TemplateContext context) =>
        context is SandboxedTemplateContext sandboxed ? sandboxed.Reader : RecipientFormat.Invariant;

    private static decimal NumberOf(TemplateContext context, SourceSpan span, string function, object value)
    {
        try
        {
            return value switch
            {
                string text => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture),
                IConvertible convertible => convertible.ToDecimal(CultureInfo.InvariantCulture),
                _ => throw new FormatException(),
            };
        }
        catch (Exception exception) when (exception is FormatException or InvalidCastException or OverflowException)
        {
            throw new ScriptRuntimeException(span, $"{function} expects a number, not '{context.ObjectToString(value)}'");
        }
    }

    private static string Formatted(SourceSpan span, string function, string? format, Func<string> formatter)
    {
        try
        {
            return formatter();
        }
        catch (FormatException)
        {
            throw new ScriptRuntimeException(span, $"{function}: '{format}' is not a valid .NET format string");
        }
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
