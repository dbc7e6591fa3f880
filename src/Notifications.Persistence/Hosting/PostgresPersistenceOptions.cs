namespace Notifications.Persistence.Hosting;

/// <summary>How a silo uses the product's PostgreSQL database.</summary>
public sealed class PostgresPersistenceOptions
{
    /// <summary>An Npgsql connection string to the product's database.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Apply pending migrations when the silo starts. Off, the silo refuses to start on a database that lacks a
    /// migration, and names the command that applies them (<c>Notifications.Silo migrate</c>).
    /// </summary>
    public bool MigrateAtStartup { get; set; }
}
