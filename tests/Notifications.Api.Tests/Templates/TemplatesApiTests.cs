using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Notifications.Testing.Smtp;

namespace Notifications.Api.Tests.Templates;

/// <summary>Managing notification types over HTTP: versions, activation, roll-back, deletion, preview, validation and scope.</summary>
[Collection(TemplatesApiCollection.Name)]
public sealed class TemplatesApiTests(TemplatesApiFixture fixture)
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(10);

    private readonly HttpClient _api = fixture.Client();

    private async Task<string> SubjectOfSentAsync(string email, int count) =>
        (await fixture.Smtp.WaitForMessagesToAsync(email, count, MailWait))[count - 1].Message.Subject ?? string.Empty;

    [Fact]
    public async Task A_type_made_through_the_api_starts_at_version_2_and_its_notifications_record_that_version()
    {
        var type = TemplateApiCalls.NewType();

        var response = await _api.PutAsJsonAsync($"/api/v1/templates/{type}", TemplateApiCalls.EmailType("Welcome aboard, {{ user.name }}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/templates/{type}/versions/2", response.Headers.Location?.OriginalString);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, true, "api"), (created.GetProperty("version").GetInt32(), created.GetProperty("active").GetBoolean(), created.GetProperty("source").GetString()));

        var active = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/templates/{type}");
        Assert.Equal(2, active.GetProperty("version").GetInt32());
        Assert.Equal("Welcome aboard, {{ user.name }} (en)", active.GetProperty("locales").GetProperty("en").GetProperty("email").GetProperty("subject").GetString());

        var (userId, email) = await _api.CreateUserAsync();
        var sent = await _api.WaitForOutcomeAsync(await _api.SendAsync(userId, type));

        Assert.Equal(("sent", 2), (sent.GetProperty("status").GetString(), sent.GetProperty("templateVersion").GetInt32()));
        Assert.Equal("Welcome aboard, Ada Lovelace (en)", await SubjectOfSentAsync(email, 1));
    }

    [Fact]
    public async Task A_new_version_waits_for_activation_and_a_roll_back_brings_the_old_one_back()
    {
        var type = TemplateApiCalls.NewType();
        await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("Version two"));
        var staged = await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("Version three"));
        Assert.Equal((3, false), (staged.GetProperty("version").GetInt32(), staged.GetProperty("active").GetBoolean()));
        var (userId, email) = await _api.CreateUserAsync();

        var beforeActivation = await _api.WaitForOutcomeAsync(await _api.SendAsync(userId, type));
        var activated = await _api.PostAsync($"/api/v1/templates/{type}/versions/3/activate", null);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        Assert.True((await activated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean());
        var afterActivation = await _api.WaitForOutcomeAsync(await _api.SendAsync(userId, type));
        Assert.Equal(HttpStatusCode.OK, (await _api.PostAsync($"/api/v1/templates/{type}/versions/2/activate", null)).StatusCode);
        var afterRollBack = await _api.WaitForOutcomeAsync(await _api.SendAsync(userId, type));

        Assert.Equal([2, 3, 2], new[] { beforeActivation, afterActivation, afterRollBack }.Select(sent => sent.GetProperty("templateVersion").GetInt32()));
        var subjects = (await fixture.Smtp.WaitForMessagesToAsync(email, 3, MailWait)).Select(message => message.Message.Subject);
        Assert.Equal(["Version two (en)", "Version three (en)", "Version two (en)"], subjects);

        var versions = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/templates/{type}/versions");
        Assert.Equal(2, versions.GetProperty("activeVersion").GetInt32());
        Assert.Equal(
            [(2, true), (3, false)],
            versions.GetProperty("versions").EnumerateArray().Select(version => (version.GetProperty("version").GetInt32(), version.GetProperty("active").GetBoolean())));
        await (await _api.PostAsync($"/api/v1/templates/{type}/versions/7/activate", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Saving_the_same_content_again_makes_no_new_version()
    {
        var type = TemplateApiCalls.NewType();
        await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("Same"));

        var again = await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("Same"), HttpStatusCode.OK);

        Assert.Equal(2, again.GetProperty("version").GetInt32());
        Assert.Single((await _api.GetFromJsonAsync<JsonElement>($"/api/v1/templates/{type}/versions")).GetProperty("versions").EnumerateArray());
    }

    [Fact]
    public async Task Folder_and_api_templates_both_send_and_a_tenant_override_rolls_back_to_the_folder()
    {
        var (userId, email) = await _api.CreateUserAsync();
        var globex = fixture.Client(TemplatesApiFixture.OtherTenantKey);
        var (globexUser, globexEmail) = await globex.CreateUserAsync();
        try
        {
            var fromFolder = await _api.WaitForOutcomeAsync(await _api.SendAsync(userId, "welcome"));
            Assert.Equal(("sent", 1), (fromFolder.GetProperty("status").GetString(), fromFolder.GetProperty("templateVersion").GetInt32()));
            Assert.StartsWith("Welcome to Acme", await SubjectOfSentAsync(email, 1));

            var overridden = await _api.PutTypeAsync("welcome", TemplateApiCalls.EmailType("Acme's own welcome", activate: true));
            Assert.Equal((2, true), (overridden.GetProperty("version").GetInt32(), overridden.GetProperty("active").GetBoolean()));
            var fromApi = await _api.WaitForOutcomeAsync(await _api.SendAsync(userId, "welcome"));
            var otherTenant = await globex.WaitForOutcomeAsync(await globex.SendAsync(globexUser, "welcome"));

            Assert.Equal(2, fromApi.GetProperty("templateVersion").GetInt32());
            Assert.Equal("Acme's own welcome (en)", await SubjectOfSentAsync(email, 2));
            Assert.Equal(1, otherTenant.GetProperty("templateVersion").GetInt32());
            Assert.StartsWith("Welcome to Acme", await SubjectOfSentAsync(globexEmail, 1));

            var listed = await _api.GetFromJsonAsync<JsonElement>("/api/v1/templates");
            var welcome = listed.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("type").GetString() == "welcome");
            Assert.Equal((2, 2), (welcome.GetProperty("activeVersion").GetInt32(), welcome.GetProperty("latestVersion").GetInt32()));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await _api.PostAsync("/api/v1/templates/welcome/versions/1/activate", null)).StatusCode);
        }

        var rolledBack = await _api.WaitForOutcomeAsync(await _api.SendAsync(userId, "welcome"));
        Assert.Equal(1, rolledBack.GetProperty("templateVersion").GetInt32());
        Assert.StartsWith("Welcome to Acme", await SubjectOfSentAsync(email, 3));
        var versions = await _api.GetFromJsonAsync<JsonElement>("/api/v1/templates/welcome/versions");
        Assert.Equal(["file", "api"], versions.GetProperty("versions").EnumerateArray().Select(version => version.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task The_locale_falls_back_from_pt_BR_to_pt_to_the_default_on_sent_emails()
    {
        var type = TemplateApiCalls.NewType();
        await _api.PutTypeAsync(type, new
        {
            category = "transactional",
            defaultLocale = "en",
            locales = new Dictionary<string, object>
            {
                ["en"] = new { email = new { subject = "Hello (en)", text = "Hello" }, sms = new { text = "Hello" } },
                ["pt"] = new { email = new { subject = "Olá (pt)", text = "Olá" } },
                ["pt-BR"] = new { sms = new { text = "Oi" } },
            },
        });
        var brazil = await _api.CreateUserAsync("pt-BR");
        var portugal = await _api.CreateUserAsync("pt-PT");
        var france = await _api.CreateUserAsync("fr-FR");

        foreach (var (userId, _) in new[] { brazil, portugal, france })
        {
            var id = await _api.SendAsync(userId, type, null);
            Assert.Equal("sent", (await _api.WaitForOutcomeAsync(id)).GetProperty("attempts")[0].GetProperty("status").GetString());
        }

        Assert.Equal("Olá (pt)", await SubjectOfSentAsync(brazil.Email, 1));   // pt-BR has no email: its parent pt
        Assert.Equal("Olá (pt)", await SubjectOfSentAsync(portugal.Email, 1)); // pt-PT: its parent pt
        Assert.Equal("Hello (en)", await SubjectOfSentAsync(france.Email, 1)); // no fr at all: the default

        var brazilianSms = await _api.PostAsJsonAsync($"/api/v1/templates/{type}/preview", new { channel = "sms", userId = brazil.UserId });
        Assert.Equal("pt-BR", (await brazilianSms.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("locale").GetString());
    }

    [Fact]
    public async Task A_preview_returns_the_rendered_output_and_sends_nothing()
    {
        var type = TemplateApiCalls.NewType();
        await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("Your plan: {{ data.plan }}", html: "<p>{{ data.plan }} for {{ user.name }}</p>", locales: ["en", "pt"]));
        await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("Newer", locales: ["en", "pt"]));
        var (userId, email) = await _api.CreateUserAsync("pt-BR");
        var mailBefore = fixture.Smtp.CommandCount("MAIL");

        var response = await _api.PostAsJsonAsync($"/api/v1/templates/{type}/preview", new { channel = "email", userId, data = new { plan = "Pro <b>" } });
        var staged = await _api.PostAsJsonAsync($"/api/v1/templates/{type}/preview", new { channel = "email", locale = "en", version = 3 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, "email", "pt"), (preview.GetProperty("version").GetInt32(), preview.GetProperty("channel").GetString(), preview.GetProperty("locale").GetString()));
        Assert.Equal("Your plan: Pro <b> (pt)", preview.GetProperty("subject").GetString());
        Assert.Equal("Hello Ada Lovelace", preview.GetProperty("text").GetString());
        Assert.Equal("<p>Pro &lt;b&gt; for Ada Lovelace</p>", preview.GetProperty("html").GetString());
        var stagedPreview = await staged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, "en", "Newer (en)"), (stagedPreview.GetProperty("version").GetInt32(), stagedPreview.GetProperty("locale").GetString(), stagedPreview.GetProperty("subject").GetString()));

        await Task.Delay(300);
        Assert.Equal(mailBefore, fixture.Smtp.CommandCount("MAIL"));
        Assert.Empty(fixture.Smtp.MessagesTo(email));
        var history = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/users/{userId}/notifications");
        Assert.Empty(history.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_preview_names_what_it_cannot_find_and_reports_a_render_error_as_a_send_would()
    {
        var type = TemplateApiCalls.NewType();
        await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("Hi", text: "Total: {{ 12 | format_money \"euro\" }}"));

        var failed = await (await _api.PostAsJsonAsync($"/api/v1/templates/{type}/preview", new { channel = "email" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("email.text (en)", failed.GetProperty("errors").GetProperty("template")[0].GetString());

        var noSms = await (await _api.PostAsJsonAsync($"/api/v1/templates/{type}/preview", new { channel = "sms" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("has no sms template", noSms.GetProperty("detail").GetString());
        await (await _api.PostAsJsonAsync("/api/v1/templates/no-such-type/preview", new { channel = "email" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await _api.PostAsJsonAsync($"/api/v1/templates/{type}/preview", new { channel = "email", version = 5 })).ProblemAsync(HttpStatusCode.NotFound);
        await (await _api.PostAsJsonAsync($"/api/v1/templates/{type}/preview", new { channel = "email", userId = "nobody" })).ProblemAsync(HttpStatusCode.NotFound);
        var invalid = await (await _api.PostAsJsonAsync($"/api/v1/templates/{type}/preview", new { channel = "fax", locale = "not a locale", data = 5 }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["channel", "data"], invalid.GetProperty("errors").EnumerateObject().Select(error => error.Name).Order());
    }

    [Fact]
    public async Task A_template_that_does_not_parse_is_a_400_naming_its_locale_channel_field_line_and_column()
    {
        var type = TemplateApiCalls.NewType();
        var body = new
        {
            category = "transactional",
            defaultLocale = "en",
            locales = new Dictionary<string, object>
            {
                ["en"] = new { email = new { subject = "Hi", text = "Hello" } },
                ["pt-BR"] = new { email = new { subject = "Oi", text = "Linha 1\nOlá {{ user.name + }}" } },
            },
        };

        var problem = await (await _api.PutAsJsonAsync($"/api/v1/templates/{type}", body)).ProblemAsync(HttpStatusCode.BadRequest);

        var reason = Assert.Single(problem.GetProperty("errors").GetProperty("locales.pt-BR.email.text").EnumerateArray()).GetString();
        Assert.StartsWith("line 2, column 20: ", reason);
        var detail = Assert.Single(problem.GetProperty("templateErrors").EnumerateArray());
        Assert.Equal(
            ("pt-BR", "email", "text", 2, 20),
            (detail.GetProperty("locale").GetString(), detail.GetProperty("channel").GetString(), detail.GetProperty("field").GetString(),
             detail.GetProperty("line").GetInt32(), detail.GetProperty("column").GetInt32()));
        await (await _api.GetAsync($"/api/v1/templates/{type}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_channels_fields_and_missing_settings_are_named()
    {
        var body = new
        {
            defaultPriority = "urgent",
            locales = new Dictionary<string, object> { ["en"] = new { fax = new { text = "x" }, email = new { body = "x" } } },
        };

        var problem = await (await _api.PutAsJsonAsync($"/api/v1/templates/{TemplateApiCalls.NewType()}", body)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(
            ["category", "defaultLocale", "defaultPriority", "locales.en.email.body", "locales.en.fax"],
            problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal));
        await (await _api.PutAsJsonAsync("/api/v1/templates/Not%20A%20Type", TemplateApiCalls.EmailType("x"))).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_1_mb_is_refused_with_413()
    {
        var huge = TemplateApiCalls.EmailType("Big", text: new string('x', 10 * 1024 * 1024));

        await (await _api.PutAsJsonAsync($"/api/v1/templates/{TemplateApiCalls.NewType()}", huge)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_deleted_type_refuses_new_notifications_keeps_its_versions_and_comes_back_when_saved()
    {
        var type = TemplateApiCalls.NewType();
        await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("Before"));
        var (userId, _) = await _api.CreateUserAsync();
        var before = await _api.WaitForOutcomeAsync(await _api.SendAsync(userId, type));

        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/api/v1/templates/{type}")).StatusCode);

        await (await _api.PostAsJsonAsync("/api/v1/notifications", new { userId, type })).ProblemAsync(HttpStatusCode.NotFound);
        await (await _api.GetAsync($"/api/v1/templates/{type}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _api.DeleteAsync($"/api/v1/templates/{type}")).ProblemAsync(HttpStatusCode.NotFound);
        var kept = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/templates/{type}/versions");
        Assert.True(kept.GetProperty("deleted").GetBoolean());
        Assert.False(kept.TryGetProperty("activeVersion", out _));
        Assert.DoesNotContain(type, (await _api.GetStringAsync("/api/v1/templates")));
        var stillThere = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/{before.GetProperty("id").GetString()}");
        Assert.Equal(2, stillThere.GetProperty("templateVersion").GetInt32());

        var revived = await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("After"));
        Assert.Equal((3, true), (revived.GetProperty("version").GetInt32(), revived.GetProperty("active").GetBoolean()));
        Assert.Equal(3, (await _api.WaitForOutcomeAsync(await _api.SendAsync(userId, type))).GetProperty("templateVersion").GetInt32());
    }

    [Fact]
    public async Task The_list_shows_the_folder_types_and_the_tenants_own()
    {
        var type = TemplateApiCalls.NewType();
        await _api.PutTypeAsync(type, TemplateApiCalls.EmailType("Mine"));

        var acme = await _api.GetFromJsonAsync<JsonElement>("/api/v1/templates");
        var globex = await fixture.Client(TemplatesApiFixture.OtherTenantKey).GetFromJsonAsync<JsonElement>("/api/v1/templates");

        var acmeTypes = acme.GetProperty("items").EnumerateArray().ToDictionary(item => item.GetProperty("type").GetString()!);
        Assert.Contains("order-shipped", acmeTypes.Keys);
        Assert.Equal(("file", 1), (acmeTypes["order-shipped"].GetProperty("version").GetProperty("source").GetString(), acmeTypes["order-shipped"].GetProperty("activeVersion").GetInt32()));
        Assert.Equal(("api", 2), (acmeTypes[type].GetProperty("version").GetProperty("source").GetString(), acmeTypes[type].GetProperty("activeVersion").GetInt32()));
        Assert.DoesNotContain(globex.GetProperty("items").EnumerateArray(), item => item.GetProperty("type").GetString() == type);
        await (await fixture.Client(TemplatesApiFixture.OtherTenantKey).GetAsync($"/api/v1/templates/{type}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Template_endpoints_need_the_admin_scope()
    {
        var sender = fixture.Client(TemplatesApiFixture.SendOnlyKey);
        var (userId, _) = await sender.CreateUserAsync();
        var json = new StringContent("""{"channel":"email"}""", Encoding.UTF8, "application/json");
        var calls = new Func<HttpClient, Task<HttpResponseMessage>>[]
        {
            client => client.GetAsync("/api/v1/templates"),
            client => client.PutAsJsonAsync("/api/v1/templates/welcome", TemplateApiCalls.EmailType("Hijacked", activate: true)),
            client => client.GetAsync("/api/v1/templates/welcome"),
            client => client.DeleteAsync("/api/v1/templates/welcome"),
            client => client.GetAsync("/api/v1/templates/welcome/versions"),
            client => client.GetAsync("/api/v1/templates/welcome/versions/1"),
            client => client.PostAsync("/api/v1/templates/welcome/versions/1/activate", null),
            client => client.PostAsync("/api/v1/templates/welcome/preview", json),
        };

        foreach (var call in calls)
        {
            await (await call(sender)).ProblemAsync(HttpStatusCode.Forbidden);
            await (await call(fixture.CreateClient())).ProblemAsync(HttpStatusCode.Unauthorized);
        }

        // The same key may still send: only the templates are out of its reach.
        Assert.Equal(1, (await sender.WaitForOutcomeAsync(await sender.SendAsync(userId, "welcome"))).GetProperty("templateVersion").GetInt32());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_template_endpoint()
    {
        var document = await fixture.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        foreach (var (path, method) in new[]
        {
            ("/api/v1/templates", "get"), ("/api/v1/templates/{type}", "put"), ("/api/v1/templates/{type}", "get"), ("/api/v1/templates/{type}", "delete"),
            ("/api/v1/templates/{type}/versions", "get"), ("/api/v1/templates/{type}/versions/{version}/activate", "post"), ("/api/v1/templates/{type}/preview", "post"),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
        }
    }
}
