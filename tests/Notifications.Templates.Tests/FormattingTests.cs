namespace Notifications.Templates.Tests;

/// <summary>format_date, format_number and format_money write for the recipient's locale and time zone.</summary>
public sealed class FormattingTests
{
    private static string Render(string template, string? locale, string? timeZone = null, string data = "{}")
    {
        var set = TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: template));
        return TestTemplates.Renderer().Render(set, Channel.Sms, TestTemplates.Model(data, new UserProfile(Locale: locale, TimeZone: timeZone))).Rendered().Text!;
    }

    [Theory]
    [InlineData("pt-BR", "BRL", "R$ 1.234,50")]
    [InlineData("en-US", "USD", "$1,234.50")]
    [InlineData("de-DE", "EUR", "1.234,50 €")]
    [InlineData("de-DE", "USD", "1.234,50 USD")]
    [InlineData("en-US", "EUR", "EUR 1,234.50")]
    [InlineData("en-US", "JPY", "JPY 1,235")]
    public void Money_is_written_the_way_the_reader_writes_it(string locale, string currency, string expected) =>
        Assert.Equal(expected, Render("{{ data.total | format_money data.currency }}", locale, data: $$"""{"total":1234.5,"currency":"{{currency}}"}"""));

    [Theory]
    [InlineData("XYZ")]
    [InlineData("euro")]
    [InlineData(null)]
    public void An_unknown_currency_is_an_error(string? currency)
    {
        var set = TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: "{{ 10 | format_money data.currency }}"));

        var error = TestTemplates.Renderer().Render(set, Channel.Sms, TestTemplates.Model(System.Text.Json.JsonSerializer.Serialize(new { currency }))).Failure();

        Assert.Contains($"format_money expects an ISO 4217 currency code such as EUR, not '{currency}'", error);
    }

    [Theory]
    [InlineData("de-DE", "1.234.567,891")]
    [InlineData("en-US", "1,234,567.891")]
    [InlineData("pt-BR", "1.234.567,891")]
    [InlineData("fr-FR", "1\u202f234\u202f567,891")]
    public void Numbers_are_grouped_the_way_the_reader_groups_them(string locale, string expected) =>
        Assert.Equal(expected, Render("{{ data.n | format_number }}", locale, data: """{"n":1234567.891}"""));

    [Fact]
    public void A_number_format_can_be_given() =>
        Assert.Equal("3,14", Render("{{ 3.14159 | format_number \"N2\" }}", "de-DE"));

    [Theory]
    [InlineData("Europe/Berlin", "de-DE", "02.06.2025 01:30")]
    [InlineData("America/New_York", "en-US", "6/1/2025 7:30\u202fPM")]
    [InlineData(null, "en-GB", "01/06/2025 23:30")]
    public void An_instant_is_shown_in_the_reader_time_zone_and_locale(string? timeZone, string locale, string expected) =>
        Assert.Equal(expected, Render("{{ data.at | format_date }}", locale, timeZone, """{"at":"2025-06-01T23:30:00Z"}"""));

    [Fact]
    public void A_date_format_can_be_given_and_daylight_saving_is_respected()
    {
        // 15 January is winter time in Lisbon (UTC+0), 15 July is summer time (UTC+1).
        Assert.Equal("15 janeiro 12:00", Render("{{ data.at | format_date \"d MMMM HH:mm\" }}", "pt-PT", "Europe/Lisbon", """{"at":"2025-01-15T12:00:00Z"}"""));
        Assert.Equal("15 julho 13:00", Render("{{ data.at | format_date \"d MMMM HH:mm\" }}", "pt-PT", "Europe/Lisbon", """{"at":"2025-07-15T12:00:00Z"}"""));
    }

    [Fact]
    public void Numbers_printed_directly_follow_the_reader_locale() =>
        Assert.Equal("1,5", Render("{{ data.ratio }}", "pt-BR", data: """{"ratio":1.5}"""));

    [Fact]
    public void Missing_values_format_to_nothing_so_optional_data_stays_optional() =>
        Assert.Equal("[][][]", Render("[{{ data.none | format_date }}][{{ data.none | format_number }}][{{ data.none | format_money \"EUR\" }}]", "en"));

    [Fact]
    public void A_value_that_is_not_a_date_fails_with_a_message_saying_what_was_expected()
    {
        var set = TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: "Shipped {{ data.at | format_date }}"));

        var error = TestTemplates.Renderer().Render(set, Channel.Sms, TestTemplates.Model("""{"at":"next tuesday"}""")).Failure();

        Assert.Equal("sms.text (en), line 1, column 22: format_date expects an ISO 8601 instant such as 2025-06-01T14:30:00Z, not 'next tuesday'", error);
    }
}
