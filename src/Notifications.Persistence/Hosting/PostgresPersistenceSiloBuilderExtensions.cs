using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Persistence.Recovery;
using Notifications.Persistence.Storage;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Notifications.Persistence.Hosting;

/// <summary>PostgreSQL grain storage and reminders for the cluster hosting.</summary>
public static class PostgresPersistenceSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant Orleans uses to load Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Stores grain state and reminders in PostgreSQL through the Orleans ADO.NET providers, on the schema of
    /// <see cref="Migrations.DatabaseMigrator"/>, which the silo applies when it starts.
    /// </summary>
    /// <param name="silo">The silo to configure.</param>
    /// <param name="connectionString">An Npgsql connection string to the product's database.</param>
    /// <param name="storageNames">The grain storage names to register (the names used in <c>[PersistentState]</c>).</param>
    /// <remarks>
    /// State is stored as System.Text.Json documents: no type names in the data, so a state class can be renamed
    /// or moved without orphaning stored records, as long as its property names stay. Clearing a state deletes
    /// its record. A record is keyed by service id, state name and grain key (not grain type): two grain types
    /// that share a storage name must not use the same state name.
    /// </remarks>
    public static ISiloBuilder UsePostgresPersistence(this ISiloBuilder silo, string connectionString, params string[] storageNames) =>
        silo.UsePostgresPersistence(new PostgresPersistenceOptions { ConnectionString = connectionString, MigrateAtStartup = true }, storageNames);

    /// <summary>
    /// Stores grain state and reminders in PostgreSQL through the Orleans ADO.NET providers. The schema is migrated at
    /// start-up only if <see cref="PostgresPersistenceOptions.MigrateAtStartup"/> says so; otherwise the silo checks
    /// that no migration is pending and refuses to start if one is.
    /// </summary>
    /// <param name="silo">The silo to configure.</param>
    /// <param name="options">The connection string and whether to migrate.</param>
    /// <param name="storageNames">The grain storage names to register (the names used in <c>[PersistentState]</c>).</param>
    public static ISiloBuilder UsePostgresPersistence(this ISiloBuilder silo, PostgresPersistenceOptions options, params string[] storageNames)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentNullException.ThrowIfNull(storageNames);
        var connectionString = options.ConnectionString;

        silo.Services.TryAddSingleton<SystemTextJsonGrainStorageSerializer>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => options.MigrateAtStartup
            ? ActivatorUtilities.CreateInstance<SchemaMigrationAtStartup>(services, connectionString)
            : new SchemaCheckAtStartup(connectionString));

        foreach (var name in storageNames)
        {
            silo.AddAdoNetGrainStorage(name, storage => storage.Configure<SystemTextJsonGrainStorageSerializer>((storage, serializer) =>
            {
                storage.Invariant = Invariant;
                storage.ConnectionString = connectionString;
                storage.GrainStorageSerializer = serializer;
                storage.DeleteStateOnClear = true;
            }));
        }

        silo.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = Invariant;
            reminders.ConnectionString = connectionString;
        });
        return silo;
    }

    /// <summary>
    /// Registers <paramref name="name"/> as a <see cref="GroupCommitGrainStorage"/> on the <c>notification_state</c>
    /// table: concurrent writes of many grains are committed together. With <see cref="GroupCommitStorageOptions.Wake"/>
    /// set, every silo also sweeps the table for overdue work and wakes its grains.
    /// </summary>
    /// <param name="silo">The silo to configure.</param>
    /// <param name="name">The grain storage name (the name used in <c>[PersistentState]</c>).</param>
    /// <param name="configure">Sets the connection string, batching, lease and the recovery callbacks.</param>
    public static ISiloBuilder AddGroupCommitGrainStorage(this ISiloBuilder silo, string name, Action<GroupCommitStorageOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);

        var services = silo.Services;
        services.TryAddSingleton<SystemTextJsonGrainStorageSerializer>();
        services.AddOptions<GroupCommitStorageOptions>(name).Configure(configure);
        services.AddGrainStorage(name, (provider, key) => ActivatorUtilities.CreateInstance<GroupCommitGrainStorage>(
            provider, key, provider.GetRequiredService<IOptionsMonitor<GroupCommitStorageOptions>>().Get(key)));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => new OverdueStateSweeper(
            (GroupCommitGrainStorage)provider.GetRequiredKeyedService<IGrainStorage>(name),
            provider.GetRequiredService<IGrainFactory>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetRequiredService<ILogger<OverdueStateSweeper>>()));
        return silo;
    }
}
