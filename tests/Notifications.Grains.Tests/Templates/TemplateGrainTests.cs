using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Grains.Templates;
using Notifications.Templates;
using Notifications.Templates.Fields;
using Notifications.Templates.Files;
using Notifications.Templates.Versions;
using Notifications.Testing.Smtp;
using Orleans.Serialization;
using Orleans.Storage;

namespace Notifications.Grains.Tests.Templates;

public sealed class TemplateGrainTests(TemplateClusterFixture fixture) : IClassFixture<TemplateClusterFixture>
{
    private const string Tenant = TemplateClusterFixture.Tenant;

    private readonly IGrainFactory _grains = fixture.Grains;

    private static string NewType() => $"type-{Guid.NewGuid():N}";

    private static TemplateSet Email(string type, string subject, string text = "Hello {{ user.name }}") => new(
        type, 0, "transactional", Priority.Standard, "en",
        new Dictionary<string, LocaleTemplates>
        {
            ["en"] = new(new Dictionary<Channel, ChannelTemplate> { [Channel.Email] = new(Subject: subject, Text: text) }),
        });

    private ITemplateGrain Template(string type, string tenant = Tenant) => _grains.GetGrain<ITemplateGrain>(GrainKeys.Compose(tenant, type));

    private async Task<int> SaveAsync(string type, string subject, bool? activate = null, string tenant = Tenant)
    {
        var result = await Template(type, tenant).Save(Email(type, subject), activate);
        Assert.True(result.Outcome == TemplateSaveOutcome.Created, $"{result.Outcome}: {string.Join("; ", result.Errors)}");
        return result.Version!.Info.Version;
    }

    private async Task<(string UserId, string Email)> CreateUserAsync(string tenant = Tenant)
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var email = $"{userId}@example.com";
        Assert.True((await _grains.UpsertUserAsync(tenant, userId, new UserProfile("Ada Lovelace", email, Locale: "en"))).IsValid);
        return (userId, email);
    }

    private async Task<NotificationView> WaitForTerminalAsync(string id, string tenant = Tenant)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var view = await _grains.GetNotificationAsync(tenant, id);
            Assert.NotNull(view);
            if (view.Status is NotificationStatus.Sent or NotificationStatus.Failed or NotificationStatus.Suppressed)
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Notification {id} is still {view.Status}.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_new_type_starts_at_version_2_active_and_later_saves_wait_for_their_activation()
    {
        var type = NewType();

        var first = await Template(type).Save(Email(type, "First"), activate: null);
        var second = await Template(type).Save(Email(type, "Second"), activate: null);
        var again = await Template(type).Save(Email(type, "Second"), activate: null);

        Assert.Equal((TemplateSaveOutcome.Created, 2, true), (first.Outcome, first.Version!.Info.Version, first.Version.Active));
        Assert.Equal((TemplateSaveOutcome.Created, 3, false), (second.Outcome, second.Version!.Info.Version, second.Version.Active));
        Assert.Equal((TemplateSaveOutcome.Unchanged, 3), (again.Outcome, again.Version!.Info.Version));
        Assert.Equal(2, (await Template(type).GetActiveVersion()).Version);

        Assert.Equal(3, (await Template(type).Activate(3))!.Version);
        Assert.Equal(3, (await Template(type).GetActiveVersion()).Version);
        Assert.Equal("Second", (await Template(type).GetDetails(null))!.Templates.Locales["en"].Channels[Channel.Email].Subject);

        Assert.NotNull(await Template(type).Activate(2)); // roll back
        Assert.Null(await Template(type).Activate(9));
        var history = await Template(type).GetHistory();
        Assert.Equal(2, history!.ActiveVersion);
        Assert.Equal([2, 3], history.Versions.Select(version => version.Version));
        Assert.All(history.Versions, version => Assert.Equal(TemplateSource.Api, version.Source));
        Assert.Equal("First", (await Template(type).GetDetails(null))!.Templates.Locales["en"].Channels[Channel.Email].Subject);
    }

    [Fact]
    public async Task The_folder_is_version_1_for_every_tenant_and_a_tenant_overrides_it_from_version_2()
    {
        var history = await Template("welcome", "globex").GetHistory();
        Assert.Equal((1, false), (history!.ActiveVersion, history.Deleted));
        Assert.Equal(TemplateSource.File, Assert.Single(history.Versions).Source);

        var staged = await SaveAsync("welcome", "Staged welcome", tenant: "initech");
        Assert.Equal(2, staged);
        Assert.Equal(1, (await Template("welcome", "initech").GetActiveVersion()).Version);

        var live = await SaveAsync("welcome", "Live welcome", activate: true, tenant: "initech");
        Assert.Equal(3, live);
        Assert.Equal(3, (await Template("welcome", "initech").GetActiveVersion()).Version);
        Assert.Equal(1, (await Template("welcome", "globex").GetActiveVersion()).Version);

        Assert.NotNull(await Template("welcome", "initech").Activate(1));
        Assert.Equal(1, (await Template("welcome", "initech").GetActiveVersion()).Version);
        Assert.Equal([1, 2, 3], (await Template("welcome", "initech").GetHistory())!.Versions.Select(version => version.Version));
    }

    [Fact]
    public async Task Templates_that_do_not_parse_are_refused_with_their_place_and_nothing_is_stored()
    {
        var type = NewType();

        var result = await Template(type).Save(Email(type, "Hi", "Line one\nHello {{ user.name + }}"), activate: null);

        Assert.Equal(TemplateSaveOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("en", Channel.Email, TemplateField.Text, 2), (error.Locale, error.Channel, error.Field, error.Line));
        Assert.NotNull(error.Column);
        Assert.Null(await Template(type).GetHistory());
        Assert.Null((await Template(type).GetActiveVersion()).Version);
    }

    [Fact]
    public async Task Only_the_last_50_versions_are_kept_and_never_the_active_one()
    {
        var type = NewType();
        foreach (var number in Enumerable.Range(2, 55))
        {
            await SaveAsync(type, $"Version {number}", activate: number == 2 ? null : false);
        }

        var history = await Template(type).GetHistory();

        Assert.Equal(TemplateVersioning.MaxVersionsKept, history!.Versions.Count);
        Assert.Equal([2, .. Enumerable.Range(8, 49)], history.Versions.Select(version => version.Version));
        Assert.Equal(2, history.ActiveVersion);
        Assert.Null(await Template(type).GetVersion(3));
        Assert.Equal("Version 8", (await Template(type).GetVersion(8))!.Locales["en"].Channels[Channel.Email].Subject);
        Assert.Equal(57, await SaveAsync(type, "Version 57"));
    }

    [Fact]
    public async Task A_notification_renders_with_the_version_it_recorded_even_after_another_is_activated()
    {
        var type = NewType();
        await SaveAsync(type, "Version two");
        var (userId, email) = await CreateUserAsync();

        NotificationView sent;
        using (var gate = PlanGate.Close(Tenant, userId))
        {
            var accepted = await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, type));
            Assert.Equal((SubmitOutcome.Accepted, 2), (accepted.Outcome, accepted.Notification!.TemplateVersion));
            await gate.WaitingAsync();

            Assert.Equal(3, await SaveAsync(type, "Version three", activate: true));
            gate.Open();
            sent = await WaitForTerminalAsync(accepted.Notification.Id);
        }

        Assert.Equal((NotificationStatus.Sent, 2), (sent.Status, sent.TemplateVersion));
        Assert.Equal("Version two", Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10))).Message.Subject);

        var next = await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, type));
        Assert.Equal((NotificationStatus.Sent, 3), ((await WaitForTerminalAsync(next.Notification!.Id)).Status, next.Notification.TemplateVersion));
        Assert.Equal("Version three", (await fixture.Smtp.WaitForMessagesToAsync(email, 2, TimeSpan.FromSeconds(10)))[1].Message.Subject);
    }

    [Fact]
    public async Task A_deleted_type_refuses_new_notifications_while_one_already_accepted_still_sends_with_its_version()
    {
        var type = NewType();
        await SaveAsync(type, "Before the delete");
        var (userId, email) = await CreateUserAsync();

        using (var gate = PlanGate.Close(Tenant, userId))
        {
            var accepted = await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, type));
            await gate.WaitingAsync();

            Assert.True(await Template(type).Delete());
            var refused = await _grains.SendNotificationAsync(Tenant, new SendNotification(userId, type));
            Assert.Equal(SubmitOutcome.UnknownType, refused.Outcome);

            gate.Open();
            var sent = await WaitForTerminalAsync(accepted.Notification!.Id);
            Assert.Equal((NotificationStatus.Sent, 2), (sent.Status, sent.TemplateVersion));
        }

        Assert.Equal("Before the delete", Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(10))).Message.Subject);
        Assert.False(await Template(type).Delete());
        var history = await Template(type).GetHistory();
        Assert.Equal((true, null), (history!.Deleted, history.ActiveVersion));

        // Saving brings the type back; numbers are never reused.
        Assert.Equal(3, await SaveAsync(type, "After the delete"));
        Assert.Equal(3, (await Template(type).GetActiveVersion()).Version);
    }

    [Fact]
    public async Task Once_a_version_was_used_on_a_silo_rendering_it_there_loads_nothing()
    {
        var type = NewType();
        await SaveAsync(type, "Warm");
        var (userId, email) = await CreateUserAsync();
        foreach (var silo in fixture.Cluster.Silos)
        {
            var provider = silo.ServiceProvider.GetRequiredService<ITemplateProvider>();
            Assert.NotNull(await provider.GetVersionAsync(Tenant, type, 2, CancellationToken.None));
        }

        var loadsBefore = fixture.Caches.Select(cache => cache.VersionLoads).ToArray();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _grains.SendNotificationAsync(Tenant, new SendNotification(userId, type))));
        foreach (var result in results)
        {
            Assert.Equal(NotificationStatus.Sent, (await WaitForTerminalAsync(result.Notification!.Id)).Status);
        }

        Assert.Equal(6, (await fixture.Smtp.WaitForMessagesToAsync(email, 6, TimeSpan.FromSeconds(10))).Count);
        Assert.Equal(loadsBefore, fixture.Caches.Select(cache => cache.VersionLoads));
    }

    [Fact]
    public async Task The_catalog_lists_the_folder_types_and_the_live_types_of_its_tenant()
    {
        var catalog = _grains.GetGrain<ITemplateCatalogGrain>("catalog-tenant");
        Assert.Equal(["newsletter", "order-shipped", "welcome"], await catalog.GetTypes());

        await SaveAsync("zeta", "Z", tenant: "catalog-tenant");
        await SaveAsync("alpha", "A", tenant: "catalog-tenant");
        Assert.Equal(["alpha", "newsletter", "order-shipped", "welcome", "zeta"], await catalog.GetTypes());
        Assert.Equal(["newsletter", "order-shipped", "welcome"], await _grains.GetGrain<ITemplateCatalogGrain>("another-tenant").GetTypes());

        Assert.True(await Template("zeta", "catalog-tenant").Delete());
        Assert.Equal(["alpha", "newsletter", "order-shipped", "welcome"], await catalog.GetTypes());
    }

    [Fact]
    public void Stored_state_round_trips_through_the_json_serializer_of_the_postgresql_hosting()
    {
        var serializer = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
        var folder = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<FileTemplateProvider>();
        var templates = folder.Find("order-shipped")! with { Version = 4 };
        var info = new TemplateVersionInfo(4, TemplateSource.Api, DateTimeOffset.UnixEpoch, "transactional", Priority.Critical, "en",
            ["en", "pt"], [Channel.Email, Channel.Sms], TemplateFingerprint.Of(templates));
        var index = new TemplateIndexState { Versions = [info], ActiveVersion = 4, LatestVersion = 4, Revision = 7 };

        var indexCopy = serializer.Deserialize<TemplateIndexState>(serializer.Serialize(index))!;
        var templatesCopy = serializer.Deserialize<TemplateVersionState>(serializer.Serialize(new TemplateVersionState { Templates = templates }))!.Templates!;

        Assert.Equal((4, 4, 7L, false), (indexCopy.ActiveVersion, indexCopy.LatestVersion, indexCopy.Revision, indexCopy.Deleted));
        var infoCopy = Assert.Single(indexCopy.Versions);
        Assert.Equal(info with { Locales = infoCopy.Locales, Channels = infoCopy.Channels }, infoCopy);
        Assert.Equal(info.Locales, infoCopy.Locales);
        Assert.Equal(info.Channels, infoCopy.Channels);
        Assert.Equal((templates.Type, templates.Version, templates.DefaultLocale), (templatesCopy.Type, templatesCopy.Version, templatesCopy.DefaultLocale));
        Assert.Equal(TemplateFingerprint.Of(templates), TemplateFingerprint.Of(templatesCopy));
    }
}
