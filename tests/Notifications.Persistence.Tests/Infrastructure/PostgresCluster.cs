using Microsoft.Extensions.DependencyInjection;
using Notifications.Persistence.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Notifications.Persistence.Tests.Infrastructure;

/// <summary>An in-process Orleans silo whose grain storage and reminders are the PostgreSQL schema under test.</summary>
public static class PostgresCluster
{
    public const string ProfileStorage = "test-profiles";
    public const string HistoryStorage = "test-history";

    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Starts one silo; clusters started with the same <paramref name="serviceId"/> share stored state and reminders.</summary>
    public static async Task<InProcessTestCluster> StartAsync(string connectionString, string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UsePostgresPersistence(connectionString, ProfileStorage, HistoryStorage);
            silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = ReminderPeriod);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Polls until <paramref name="condition"/> holds: reminders fire on Orleans' own schedule, not the test's.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
