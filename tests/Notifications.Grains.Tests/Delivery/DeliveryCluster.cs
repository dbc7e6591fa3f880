using Notifications.Contracts;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Notifications.Channels;
using Notifications.Grains.Hosting;
using Notifications.Grains.Notifications;
using Notifications.Persistence.Hosting;
using Notifications.Testing.Smtp;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Notifications.Grains.Tests.Delivery;

/// <summary>How a delivery test cluster is set up.</summary>
public sealed record DeliveryClusterSettings(
    short Silos,
    SmtpSink Smtp,
    FakeSmsProvider Sms,
    IReadOnlyDictionary<string, string?> Configuration,
    FakeTimeProvider? Clock = null,
    Random? Jitter = null,
    string? PostgresConnectionString = null,
    string? ServiceId = null);

/// <summary>
/// In-process silos with the product's grain services, email to a real SMTP sink, SMS to the fake provider over
/// loopback, optionally a fake clock for grain time (Orleans' own background work stays on real time) and
/// PostgreSQL storage and reminders.
/// </summary>
public static class DeliveryCluster
{
    public const string Tenant = "acme";

    public static async Task<InProcessTestCluster> StartAsync(DeliveryClusterSettings settings)
    {
        var builder = new InProcessTestClusterBuilder(settings.Silos);
        builder.Options.ConfigureFileLogging = false;
        if (settings.ServiceId is { } serviceId)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Notifications:Email:Smtp:Host"] = "127.0.0.1",
                ["Notifications:Email:Smtp:Port"] = settings.Smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Notifications:Email:Smtp:UseTls"] = "None",
                ["Notifications:Email:From"] = "Acme <no-reply@acme.test>",
            });
            host.Configuration.AddInMemoryCollection(settings.Configuration);
            if (settings.Clock is { } clock)
            {
                host.Services.AddSingleton<TimeProvider>(clock);
                host.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            }

            host.Services.AddNotificationsGrainServices(host.Configuration);
            if (settings.Jitter is { } jitter)
            {
                host.Services.AddSingleton(new BackoffJitter(jitter));
            }

            host.Services.AddKeyedSingleton<IChannelSender>(
                Channel.Sms, (services, _) => new LoopbackSmsSender(settings.Sms.Endpoint, services.GetRequiredService<TimeProvider>()));
        });
        builder.ConfigureSilo((_, silo) =>
        {
            if (settings.PostgresConnectionString is { } connectionString)
            {
                silo.UsePostgresPersistence(connectionString, [.. StorageNames.All]);
                silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            }
            else
            {
                foreach (var name in StorageNames.All)
                {
                    silo.AddMemoryGrainStorage(name);
                }

                silo.UseInMemoryReminderService();
            }
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>A user with an email address and a phone number, in a time zone.</summary>
    public static async Task<(string UserId, string Email, string Phone)> CreateUserAsync(
        IGrainFactory grains, string? timeZone = null, string tenant = Tenant)
    {
        var userId = $"user-{Guid.NewGuid():N}";
        var email = $"{userId}@example.com";
        var phone = FakeSmsProvider.NewPhone();
        var result = await grains.UpsertUserAsync(tenant, userId, new UserProfile("Ada Lovelace", email, phone, "en", timeZone));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return (userId, email, phone);
    }

    /// <summary>Polls the notification (real time) until <paramref name="condition"/> holds: grain turns run on their own schedule.</summary>
    public static async Task<NotificationView> WaitForAsync(
        IGrainFactory grains, string id, Func<NotificationView, bool> condition, string what, TimeSpan? timeout = null, string tenant = Tenant)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var view = await grains.GetNotificationAsync(tenant, id);
            Assert.NotNull(view);
            if (condition(view))
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Notification {id} never became {what}: it is {view.Status} ({view.StatusReason}), {view.Attempts.Count} attempt(s).");
            await Task.Delay(20);
        }
    }

    public static Task<NotificationView> WaitForStatusAsync(
        IGrainFactory grains, string id, NotificationStatus status, TimeSpan? timeout = null, string tenant = Tenant) =>
        WaitForAsync(grains, id, view => view.Status == status, status.ToString(), timeout, tenant);
}
