using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notifications.Templates.Files;
using Notifications.Templates.Rendering;

namespace Notifications.Templates.Tests;

/// <summary>The folder format: loading, the errors it reports (file, line, column) and the start-up it stops.</summary>
public sealed class TemplateFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("templates-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relativePath, string content)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private void WriteValidType(string type = "welcome")
    {
        Write($"{type}/type.json", """{"category":"account","defaultPriority":"critical","defaultLocale":"en"}""");
        Write($"{type}/en/email.subject.sbn", "Welcome {{ user.name }}\n");
        Write($"{type}/en/email.text.sbn", "Hello {{ user.name }}\n");
        Write($"{type}/pt/email.subject.sbn", "Olá {{ user.name }}\n");
        Write($"{type}/pt/email.text.sbn", "Olá {{ user.name }}\n");
        Write($"{type}/pt/sms.text.sbn", "Olá\n");
        Write($"{type}/en/sms.text.sbn", "Hello\n");
    }

    [Fact]
    public void A_folder_loads_into_one_version_1_set_per_type()
    {
        WriteValidType();
        Write("README.md", "not a type");
        Write(".git/HEAD", "hidden folders are skipped");

        var set = Assert.Single(TemplateFolder.Load(_root)).Value;

        Assert.Equal(("welcome", 1, "account", Priority.Critical, "en"), (set.Type, set.Version, set.Category, set.DefaultPriority, set.DefaultLocale));
        Assert.Equal([Channel.Email, Channel.Sms], set.Channels);
        Assert.Equal("Olá {{ user.name }}\n", set.Locales["pt"].Channels[Channel.Email].Subject);
    }

    [Fact]
    public void A_parse_error_names_the_file_line_and_column()
    {
        WriteValidType();
        var broken = Write("welcome/pt/email.text.sbn", "Olá\n{{ if user.name }}{{ user.name | }}{{ end }}\n");

        var exception = Assert.Throws<TemplateFolderException>(() => TemplateFolder.Load(_root));

        var error = Assert.Single(exception.Errors);
        Assert.StartsWith($"{broken}(2,34): error: ", error);
        Assert.Contains(broken + "(2,34)", exception.Message);
    }

    [Fact]
    public void A_broken_type_json_names_its_line_and_column()
    {
        WriteValidType();
        var typeFile = Write("welcome/type.json", "{\n  \"category\": \"account\",\n  \"defaultPriority\": \"urgent\",\n  \"defaultLocale\": \"en\"\n}");

        var error = Assert.Single(Assert.Throws<TemplateFolderException>(() => TemplateFolder.Load(_root)).Errors);

        Assert.StartsWith($"{typeFile}(3,", error);
        Assert.EndsWith("defaultPriority must be critical, standard or bulk", error);
    }

    [Theory]
    [InlineData("""{"defaultLocale":"en"}""", "missing required properties including: 'category'")]
    [InlineData("""{"category":"account","defaultLocale":"en","colour":"red"}""", "'colour'")]
    [InlineData("""{"category":"account","defaultLocale":"en",""", "(1,")]
    public void An_incomplete_type_json_says_what_is_wrong(string json, string expected)
    {
        WriteValidType();
        var typeFile = Write("welcome/type.json", json);

        var error = Assert.Single(Assert.Throws<TemplateFolderException>(() => TemplateFolder.Load(_root)).Errors);

        Assert.StartsWith(typeFile, error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("TypeDefinition", error);
    }

    [Fact]
    public void Misnamed_files_missing_definitions_and_invalid_channels_are_all_reported_at_once()
    {
        WriteValidType();
        var typo = Write("welcome/en/email.subjet.sbn", "x");
        var wrongField = Write("welcome/en/sms.html.sbn", "x");
        Write("orphan/en/sms.text.sbn", "x");
        var outsideLocale = Write("welcome/sms.text.sbn", "x");

        var errors = Assert.Throws<TemplateFolderException>(() => TemplateFolder.Load(_root)).Errors;

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, error => error.StartsWith($"{outsideLocale}: error: templates go in a locale folder", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith($"{typo}: error: the name must be {{channel}}.{{field}}.sbn", StringComparison.Ordinal));
        Assert.Contains(errors, error => error == $"{wrongField}: error: sms has no html field; it has text");
        Assert.Contains(errors, error => error.StartsWith(Path.Combine(_root, "orphan", "type.json") + ": error: missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_folder_says_which_setting_to_change()
    {
        var missing = Path.Combine(_root, "nope");

        var exception = Assert.Throws<TemplateFolderException>(() => TemplateFolder.Load(missing));

        Assert.Contains("Notifications:Templates:Directory", exception.Message);
    }

    [Fact]
    public async Task An_invalid_folder_stops_the_host_from_starting()
    {
        WriteValidType();
        var broken = Write("welcome/en/sms.text.sbn", "{{ 1 + }}");
        using var host = Host(_root);

        var exception = await Assert.ThrowsAsync<TemplateFolderException>(() => host.StartAsync(CancellationToken.None));

        Assert.StartsWith($"{broken}(1,8): error:", Assert.Single(exception.Errors));
    }

    [Fact]
    public async Task The_services_serve_the_configured_folder_to_every_tenant_and_render_it()
    {
        WriteValidType();
        using var host = Host(_root);
        await host.StartAsync(CancellationToken.None);

        var provider = host.Services.GetRequiredService<ITemplateProvider>();
        var renderer = host.Services.GetRequiredService<ITemplateRenderer>();
        var forAcme = await provider.GetActiveAsync("acme", "welcome", CancellationToken.None);
        var forGlobex = await provider.GetActiveAsync("globex", "welcome", CancellationToken.None);

        Assert.NotNull(forAcme);
        Assert.Same(forAcme, forGlobex);
        Assert.Null(await provider.GetActiveAsync("acme", "unknown", CancellationToken.None));
        Assert.IsType<FileTemplateProvider>(provider);
        Assert.Same(renderer, host.Services.GetRequiredService<ScribanTemplateRenderer>());
        var result = renderer.Render(forAcme, Channel.Email, TestTemplates.Model(recipient: new UserProfile("Rui", Locale: "pt-PT")));
        Assert.Equal("Olá Rui", result.Rendered().Subject);
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Without_configuration_the_folder_next_to_the_app_is_used()
    {
        using var host = Host(directory: null);
        await host.StartAsync(CancellationToken.None);

        var provider = host.Services.GetRequiredService<ITemplateProvider>();

        Assert.NotNull(await provider.GetActiveAsync("any", "order-shipped", CancellationToken.None));
        await host.StopAsync(CancellationToken.None);
    }

    private static IHost Host(string? directory)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (directory is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("Notifications:Templates:Directory", directory)]);
        }

        builder.Services.AddNotificationTemplates(builder.Configuration);
        return builder.Build();
    }
}
