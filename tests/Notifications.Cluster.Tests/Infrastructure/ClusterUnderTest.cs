using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifications.Grains.Hosting;
using Notifications.Persistence.Storage;
using Notifications.Silo.Health;
using Notifications.Silo.Hosting;
using Notifications.Testing.Smtp;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;

namespace Notifications.Cluster.Tests.Infrastructure;

/// <summary>
/// Silos built exactly as <c>Notifications.Silo</c> builds them (Redis membership, PostgreSQL storage, health
/// endpoints on real ports), each in its own host in this process, plus an Orleans client: a cluster a test can kill
/// silos of, stop entirely and start again on the same database. Each silo sends email to its own SMTP sink on
/// loopback, so that killing a silo can also cut its connections, as the death of its process would.
/// </summary>
public sealed class ClusterUnderTest : IAsyncDisposable
{
    public const string Tenant = "acme";

    /// <summary>Short enough that recovery shows within a test, long enough that live work is rarely swept.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    private readonly List<RunningSilo> silos = [];
    private readonly List<SmtpSink> sinks = [];
    private IHost? clientHost;

    private readonly Action<Dictionary<string, string?>>? adjust;

    private ClusterUnderTest(TestDatabase database, string clusterId, Action<Dictionary<string, string?>>? adjust)
    {
        Database = database;
        ClusterId = clusterId;
        this.adjust = adjust;
    }

    public TestDatabase Database { get; }

    /// <summary>Every email any silo of this cluster sent, the dead ones' included.</summary>
    public IReadOnlyList<ReceivedEmail> Messages
    {
        get
        {
            lock (sinks)
            {
                return [.. sinks.SelectMany(sink => sink.Messages)];
            }
        }
    }

    public string ClusterId { get; }

    public string ServiceId => ClusterId;

    public IReadOnlyList<RunningSilo> Silos => [.. silos];

    public IClusterClient Client => clientHost?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("No client is connected.");

    /// <summary>A fresh database and cluster id, <paramref name="siloCount"/> silos and, if there are any, a connected client.</summary>
    /// <param name="siloCount">How many silos to start.</param>
    /// <param name="adjust">Changes the silos' settings (<see cref="SiloSettings"/>).</param>
    public static async Task<ClusterUnderTest> StartAsync(int siloCount, Action<Dictionary<string, string?>>? adjust = null)
    {
        var cluster = new ClusterUnderTest(await TestDatabase.CreateAsync(), $"cluster-tests-{Guid.NewGuid():N}", adjust);
        if (siloCount > 0)
        {
            await cluster.StartSilosAsync(siloCount);
            await cluster.ConnectClientAsync();
        }

        return cluster;
    }

    /// <summary>The settings a silo of this cluster runs with (what an operator would put in environment variables).</summary>
    public Dictionary<string, string?> SiloSettings(SmtpSink smtp)
    {
        var settings = DefaultSettings(smtp);
        adjust?.Invoke(settings);
        return settings;
    }

    private Dictionary<string, string?> DefaultSettings(SmtpSink smtp) => new()
    {
        ["ConnectionStrings:Postgres"] = Database.ConnectionString,
        ["ConnectionStrings:Redis"] = TestServices.Redis,
        ["Notifications:Cluster:ClusterId"] = ClusterId,
        ["Notifications:Cluster:ServiceId"] = ServiceId,
        ["Notifications:Silo:SiloPort"] = Port(TestServices.FreePort()),
        ["Notifications:Silo:GatewayPort"] = Port(TestServices.FreePort()),
        ["Notifications:Silo:AdvertisedAddress"] = "127.0.0.1",
        ["Notifications:Silo:HealthUrl"] = $"http://127.0.0.1:{TestServices.FreePort()}",
        ["Notifications:Database:AutoMigrate"] = "true",
        ["Notifications:Storage:Lease"] = Lease.ToString(),
        ["Notifications:Storage:SweepInterval"] = "00:00:00.500",
        ["Notifications:Storage:DueGrace"] = "00:00:01",
        ["Notifications:Email:Smtp:Host"] = smtp.Host,
        ["Notifications:Email:Smtp:Port"] = Port(smtp.Port),
        ["Notifications:Email:Smtp:UseTls"] = "None",
        ["Notifications:Email:From"] = "Acme <no-reply@acme.test>",
    };

    public async Task StartSilosAsync(int count) =>
        silos.AddRange(await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StartOneAsync())));

    public async Task<RunningSilo> StartSiloAsync()
    {
        var silo = await StartOneAsync();
        silos.Add(silo);
        return silo;
    }

    /// <summary>
    /// Ends a silo as a crash would: it writes nothing more, its SMTP connections are cut mid-message (and what it
    /// still tries to send is refused), and it neither deactivates its grains nor hands anything over. (In this
    /// process its grains' code would otherwise go on for a moment after the "death", sending mail and storing it.)
    /// </summary>
    public async Task KillSiloAsync(RunningSilo silo)
    {
        silos.Remove(silo);
        await silo.NotificationStorage.DisposeAsync();
        silo.Smtp.RejectMessages(421, "4.3.2 The sending silo is dead");
        silo.Smtp.DropConnections();
        await silo.KillAsync();
    }

    /// <summary>Stops a silo as SIGTERM does: it drains and hands its unfinished work over.</summary>
    public async Task StopSiloAsync(RunningSilo silo)
    {
        silos.Remove(silo);
        await silo.StopAsync();
    }

    public async Task StopEverythingAsync()
    {
        await DisconnectClientAsync();
        await Task.WhenAll(Silos.Select(StopSiloAsync));
    }

    public async Task ConnectClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = ClusterId;
                options.ServiceId = ServiceId;
            });
            client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10));
            client.UseRedisClustering(TestServices.Redis);
        });
        clientHost = builder.Build();
        await clientHost.StartAsync();
    }

    public async Task DisconnectClientAsync()
    {
        if (clientHost is { } host)
        {
            clientHost = null;
            await host.StopAsync();
            host.Dispose();
        }
    }

    public async Task<IReadOnlyList<ReceivedEmail>> WaitForMessagesToAsync(string address, int count, TimeSpan timeout)
    {
        await TestServices.WaitUntilAsync(() => Task.FromResult(MessagesTo(address).Count >= count), timeout, $"{count} email(s) to {address}");
        return MessagesTo(address);
    }

    public IReadOnlyList<ReceivedEmail> MessagesTo(string address) =>
        [.. Messages.Where(message => message.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase))];

    public async Task UpsertUserAsync(string userId, string email)
    {
        var result = await Client.UpsertUserAsync(Tenant, userId, new UserProfile(userId, email));
        Assert.Empty(result.Errors);
    }

    /// <summary>Submits until the cluster answers, as an API client retrying with the same id would.</summary>
    public async Task<NotificationView> SubmitAsync(string notificationId, SendNotification request)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await Client.SendNotificationAsync(Tenant, request, notificationId);
                Assert.True(result.IsAccepted, $"{notificationId} was refused: {result.Outcome}");
                return result.Notification!;
            }
            catch (Exception exception) when (attempt < 10 && exception is not Xunit.Sdk.XunitException)
            {
                await Task.Delay(200 * attempt);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectClientAsync();
        await Task.WhenAll(Silos.Select(silo => silo.KillAsync()));
        foreach (var sink in sinks)
        {
            await sink.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    private async Task<RunningSilo> StartOneAsync()
    {
        var smtp = SmtpSink.Start();
        lock (sinks)
        {
            sinks.Add(smtp);
        }

        // A port found free can be taken by another process before the silo binds it (other test runs share this
        // machine): start again on fresh ports then.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunningSilo.StartAsync(SiloSettings(smtp), smtp);
            }
            catch (Exception exception) when (attempt < 3 && IsAddressInUse(exception))
            {
            }
        }
    }

    private static bool IsAddressInUse(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is Microsoft.AspNetCore.Connections.AddressInUseException
                or System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One silo host, built by <see cref="ClusterSiloExtensions.AddNotificationsSilo"/> like the real process.</summary>
public sealed class RunningSilo
{
    private readonly WebApplication app;
    private int ended;

    private RunningSilo(WebApplication app, string healthUrl, SmtpSink smtp)
    {
        this.app = app;
        HealthUrl = healthUrl;
        Smtp = smtp;
    }

    public string HealthUrl { get; }

    /// <summary>The SMTP server this silo sends to.</summary>
    public SmtpSink Smtp { get; }

    public IServiceProvider Services => app.Services;

    public SiloAddress Address => Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public GroupCommitGrainStorage NotificationStorage =>
        (GroupCommitGrainStorage)Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Notifications);

    public static async Task<RunningSilo> StartAsync(IDictionary<string, string?> settings, SmtpSink smtp)
    {
        var app = Build(settings);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // What did start (the silo may have joined before the health endpoint failed to bind) leaves the cluster.
            await app.StopAsync(new CancellationToken(canceled: true));
            await app.DisposeAsync();
            throw;
        }

        return new RunningSilo(app, settings["Notifications:Silo:HealthUrl"]!, smtp);
    }

    /// <summary>Builds (without starting) a silo host with these settings.</summary>
    public static WebApplication Build(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ClusterSiloExtensions).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
        builder.Logging.ClearProviders().AddSimpleConsole();
        builder.AddNotificationsSilo();

        // Quick failure detection, so that a killed silo is declared dead within seconds instead of a minute.
        builder.Services.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.NumVotesForDeathDeclaration = 1;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        });
        builder.Services.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10));

        var app = builder.Build();
        app.MapSiloHealth();
        return app;
    }

    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref ended, 1) == 0)
        {
            await app.StopAsync(new CancellationToken(canceled: true));
            await app.DisposeAsync();
        }
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref ended, 1) == 0)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
