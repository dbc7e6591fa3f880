using Microsoft.Extensions.Configuration;
using Notifications.Cluster.Tests.Infrastructure;
using Notifications.Silo.Commands;

namespace Notifications.Cluster.Tests;

/// <summary>Migration is a step of its own (<c>Notifications.Silo migrate</c>); a silo does not start on an old schema.</summary>
public sealed class SchemaMigrationTests : IAsyncLifetime
{
    private ClusterUnderTest cluster = null!;

    public async Task InitializeAsync() => cluster = await ClusterUnderTest.StartAsync(siloCount: 0);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_silo_refuses_an_unmigrated_database_until_the_migrate_command_ran()
    {
        using var smtp = new NoSmtp();
        var settings = cluster.SiloSettings(smtp.Sink);
        settings["Notifications:Database:AutoMigrate"] = "false";

        await using (var refused = RunningSilo.Build(settings))
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => refused.StartAsync());
            Assert.Contains("migrate", Flatten(error), StringComparison.Ordinal);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Assert.Equal(0, await MigrateCommand.RunAsync(configuration, CancellationToken.None));
        Assert.Equal(0, await MigrateCommand.RunAsync(configuration, CancellationToken.None));
        Assert.Equal(5L, await cluster.Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));

        settings["Notifications:Silo:HealthUrl"] = $"http://127.0.0.1:{TestServices.FreePort()}";
        await using var silo = RunningSilo.Build(settings);
        await silo.StartAsync();
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync($"{settings["Notifications:Silo:HealthUrl"]}/health/ready")).StatusCode);
        await silo.StopAsync();
    }

    private static string Flatten(Exception error) => error is AggregateException aggregate
        ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(inner => inner.Message))
        : error.Message + (error.InnerException is { } inner ? " | " + Flatten(inner) : string.Empty);

    private sealed class NoSmtp : IDisposable
    {
        public Notifications.Testing.Smtp.SmtpSink Sink { get; } = Notifications.Testing.Smtp.SmtpSink.Start();

        public void Dispose() => Sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
