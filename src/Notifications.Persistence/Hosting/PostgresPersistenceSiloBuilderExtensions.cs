using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
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
    public static ISiloBuilder UsePostgresPersistence(this ISiloBuilder silo, string connectionString, params string[] storageNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(storageNames);

        silo.Services.TryAddSingleton<SystemTextJsonGrainStorageSerializer>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(
            services => ActivatorUtilities.CreateInstance<SchemaMigrationAtStartup>(services, connectionString));

        foreach (var name in storageNames)
        {
            silo.AddAdoNetGrainStorage(name, options => options.Configure<SystemTextJsonGrainStorageSerializer>((storage, serializer) =>
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
}
