using Notifications.Persistence.Migrations;
using Notifications.Silo.Hosting;
using Npgsql;

namespace Notifications.Silo.Commands;

/// <summary><c>Notifications.Silo migrate</c>: brings the database to this version's schema, then exits.</summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static bool IsRequested(string[] args) => args is [var first, ..] && first.Equals(Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Applies pending migrations; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, CancellationToken ct)
    {
        var connectionString = configuration.GetConnectionString(SiloSettingsKeys.Postgres);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync("migrate: set ConnectionStrings:Postgres (ConnectionStrings__Postgres) to the product's database.");
            return 2;
        }

        try
        {
            var applied = await DatabaseMigrator.MigrateAsync(connectionString, ct);
            Console.WriteLine(applied.Count == 0
                ? "migrate: the database is up to date."
                : $"migrate: applied migration(s) {string.Join(", ", applied.Select(version => version.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)))}.");
            return 0;
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"migrate: {exception.Message}");
            return 1;
        }
    }
}
