using System.Text.Json;
using Notifications.Templates.Files;

namespace Notifications.Templates.Tests;

/// <summary>The example templates in the repository's templates/ folder load and render on every channel and locale.</summary>
public sealed class ShippedTemplatesTests
{
    private const string WelcomeData = """{"plan":"Pro","login_url":"https://app.example.com/login"}""";

    private const string ShippedData = """
        {"order_id":"A-1042","carrier":"DHL","tracking_url":"https://track.example.com/A-1042?ref=mail&lang=en",
         "shipped_at":"2025-06-01T23:30:00Z","total":1299.9,"currency":"EUR",
         "items":[{"name":"Coffee grinder","quantity":1},{"name":"Filter papers","quantity":3}]}
        """;

    private static readonly IReadOnlyDictionary<string, TemplateSet> Shipped = TemplateFolder.Load(TestTemplates.ShippedFolder);

    [Fact]
    public void The_shipped_folder_loads_both_example_types_with_their_definitions()
    {
        Assert.Equal(["newsletter", "order-shipped", "welcome"], Shipped.Keys.Order());
        var orderShipped = Shipped["order-shipped"];
        Assert.Equal(1, orderShipped.Version);
        Assert.Equal("transactional", orderShipped.Category);
        Assert.Equal(Priority.Standard, orderShipped.DefaultPriority);
        Assert.Equal("en", orderShipped.DefaultLocale);
        Assert.Equal(["en", "pt", "pt-BR"], orderShipped.Locales.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Enum.GetValues<Channel>(), orderShipped.Channels);
        Assert.Equal(["en", "pt"], Shipped["welcome"].Locales.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Enum.GetValues<Channel>(), Shipped["welcome"].Channels);
    }

    public static TheoryData<string, string, Channel> EveryTypeLocaleAndChannel()
    {
        var cases = new TheoryData<string, string, Channel>();
        foreach (var (type, locales) in new[] { ("welcome", new[] { "en", "pt" }), ("order-shipped", new[] { "en", "pt", "pt-BR" }) })
        {
            foreach (var locale in locales)
            {
                foreach (var channel in Enum.GetValues<Channel>())
                {
                    cases.Add(type, locale, channel);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(EveryTypeLocaleAndChannel))]
    public void Every_example_renders_for_every_locale_and_channel(string type, string locale, Channel channel)
    {
        var recipient = new UserProfile("Ana Sousa", "ana@example.com", "+351912345678", locale, "Europe/Lisbon");
        var data = type == "welcome" ? WelcomeData : ShippedData;

        var content = TestTemplates.Renderer().Render(Shipped[type], channel, TestTemplates.Model(data, recipient, type)).Rendered();

        var visible = string.Join("\n", new[] { content.Subject, content.Text, content.Html, content.Title, content.Body, content.Url, content.Json }
            .Where(text => text is not null));
        Assert.DoesNotContain("{{", visible);
        var expected = (type, channel) switch
        {
            ("welcome", Channel.Webhook) => "\"plan\":\"Pro\"",
            ("welcome", _) => "Acme",
            _ => "A-1042",
        };
        Assert.Contains(expected, visible + string.Join(",", content.Data?.Values ?? []));
        switch (channel)
        {
            case Channel.Email:
                Assert.False(string.IsNullOrWhiteSpace(content.Subject));
                Assert.False(string.IsNullOrWhiteSpace(content.Text));
                Assert.StartsWith("<!doctype html>", content.Html);
                break;
            case Channel.Sms:
                Assert.False(string.IsNullOrWhiteSpace(content.Text));
                break;
            case Channel.Push:
                Assert.False(string.IsNullOrWhiteSpace(content.Title));
                Assert.False(string.IsNullOrWhiteSpace(content.Body));
                Assert.Equal(type, content.Data!["type"]);
                break;
            case Channel.WebPush or Channel.InApp:
                Assert.False(string.IsNullOrWhiteSpace(content.Title));
                Assert.False(string.IsNullOrWhiteSpace(content.Body));
                Assert.StartsWith("https://", content.Url);
                break;
            case Channel.Webhook:
                using (var json = JsonDocument.Parse(content.Json!))
                {
                    Assert.Equal(type, json.RootElement.GetProperty("type").GetString());
                }

                break;
        }
    }

    [Fact]
    public void The_welcome_email_reads_well_without_any_data()
    {
        var result = TestTemplates.Renderer().Render(Shipped["welcome"], Channel.Email, TestTemplates.Model(null, new UserProfile("Ada", Locale: "en"), "welcome"));

        var email = result.Rendered();
        Assert.Equal("Welcome to Acme, Ada!", email.Subject);
        Assert.Equal("Hi Ada,\n\nWelcome to Acme! Your account is ready.\n\nSign in: https://app.example.com/login\n\nThe Acme team", email.Text);
        Assert.Contains("<a href=\"https://app.example.com/login\"", email.Html);
    }

    [Fact]
    public void The_welcome_email_names_the_plan_when_the_data_has_one()
    {
        var result = TestTemplates.Renderer().Render(Shipped["welcome"], Channel.Email, TestTemplates.Model("""{"plan":"Pro"}""", new UserProfile(Locale: "pt-PT"), "welcome"));

        var email = result.Rendered();
        Assert.Equal("pt", result.Locale);
        Assert.Equal("Boas-vindas à Acme!", email.Subject);
        Assert.Contains("A sua conta está pronta, com o plano Pro.", email.Text);
        Assert.Contains("com o plano <strong>Pro</strong>", email.Html);
    }

    [Fact]
    public void The_order_shipped_email_in_pt_BR_reads_naturally_for_a_Brazilian_reader()
    {
        var recipient = new UserProfile("Joana", "joana@example.com", Locale: "pt-BR", TimeZone: "America/Sao_Paulo");
        var data = ShippedData.Replace("\"EUR\"", "\"BRL\"", StringComparison.Ordinal);

        var result = TestTemplates.Renderer().Render(Shipped["order-shipped"], Channel.Email, TestTemplates.Model(data, recipient, "order-shipped"));

        var email = result.Rendered();
        Assert.Equal("pt-BR", result.Locale);
        Assert.Equal("Seu pedido A-1042 está a caminho", email.Subject);
        // 23:30 UTC on 1 June is 20:30 on 1 June in São Paulo.
        Assert.Contains("foi enviado em domingo, 1 de junho de 2025 pela DHL.", email.Text);
        Assert.Contains("- 1 x Coffee grinder\n- 3 x Filter papers", email.Text);
        Assert.Contains("Total do pedido: R$ 1.299,90", email.Text);
        Assert.Contains("<a href=\"https://track.example.com/A-1042?ref=mail&amp;lang=en\">", email.Html);
    }

    [Fact]
    public void The_order_shipped_webhook_carries_the_items_as_JSON_and_falls_back_to_the_default_locale()
    {
        var recipient = new UserProfile("Joana", Locale: "pt-BR");

        var result = TestTemplates.Renderer().Render(Shipped["order-shipped"], Channel.Webhook, TestTemplates.Model(ShippedData, recipient, "order-shipped"));

        Assert.Equal("en", result.Locale);
        using var json = JsonDocument.Parse(result.Rendered().Json!);
        var items = json.RootElement.GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal("Filter papers", items[1].GetProperty("name").GetString());
        Assert.Equal(3, items[1].GetProperty("quantity").GetInt32());
        Assert.Equal("https://track.example.com/A-1042?ref=mail&lang=en", json.RootElement.GetProperty("tracking_url").GetString());
    }
}
