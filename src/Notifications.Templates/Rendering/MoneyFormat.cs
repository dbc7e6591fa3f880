using System.Collections.Concurrent;
using System.Globalization;

namespace Notifications.Templates.Rendering;

/// <summary>
/// Formats an amount of a given currency the way the reader's culture writes money: its separators and the place of
/// the symbol. The culture's own currency uses its symbol (R$ in pt-BR); any other uses its ISO code (USD), which
/// cannot be mistaken for another dollar.
/// </summary>
internal static class MoneyFormat
{
    private static readonly ConcurrentDictionary<(string Culture, string Currency), NumberFormatInfo> Formats = new();
    private static readonly Lazy<IReadOnlyDictionary<string, int>> MinorDigits = new(ReadMinorDigits);

    /// <summary>Whether some culture uses the currency: unknown codes are refused, which also keeps the format cache small.</summary>
    public static bool IsKnown(string currency) => MinorDigits.Value.ContainsKey(currency);

    public static string Format(decimal amount, string currency, CultureInfo culture) =>
        amount.ToString("C", Formats.GetOrAdd((culture.Name, currency), key => Create(culture, key.Currency)));

    private static NumberFormatInfo Create(CultureInfo culture, string currency)
    {
        if (string.Equals(HomeCurrency(culture), currency, StringComparison.Ordinal))
        {
            return culture.NumberFormat;
        }

        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = currency;
        format.CurrencyDecimalDigits = MinorDigits.Value.GetValueOrDefault(currency, 2);

        // A code glued to the digits (USD12.50) is hard to read: use the same pattern with a space.
        format.CurrencyPositivePattern = format.CurrencyPositivePattern switch { 0 => 2, 1 => 3, var same => same };
        format.CurrencyNegativePattern = format.CurrencyNegativePattern switch
        {
            0 => 14,
            1 => 9,
            2 => 12,
            3 => 11,
            4 => 15,
            5 => 8,
            6 => 13,
            7 => 10,
            var same => same,
        };
        return NumberFormatInfo.ReadOnly(format);
    }

    private static string? HomeCurrency(CultureInfo culture)
    {
        if (culture.Name.Length == 0)
        {
            return null;
        }

        try
        {
            var specific = culture.IsNeutralCulture ? CultureInfo.CreateSpecificCulture(culture.Name) : culture;
            return new RegionInfo(specific.Name).ISOCurrencySymbol;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Digits after the decimal point per currency (JPY 0, BHD 3), as the cultures that use it write them.</summary>
    private static IReadOnlyDictionary<string, int> ReadMinorDigits()
    {
        var digits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                digits.TryAdd(new RegionInfo(culture.Name).ISOCurrencySymbol, culture.NumberFormat.CurrencyDecimalDigits);
            }
            catch (ArgumentException)
            {
                // A culture without a region has no currency of its own.
            }
        }

        return digits;
    }
}
