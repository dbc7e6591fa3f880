using Notifications.Silo.Commands;
using Notifications.Silo.Health;
using Notifications.Silo.Hosting;

namespace Notifications.Silo;

/// <summary><c>Notifications.Silo</c>: a cluster silo, or with <c>migrate</c>, the database migration and nothing else.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (MigrateCommand.IsRequested(args))
        {
            return await MigrateCommand.RunAsync(builder.Configuration, CancellationToken.None);
        }

        builder.AddNotificationsSilo();

        var app = builder.Build();
        app.MapSiloHealth();
        await app.RunAsync();
        return 0;
    }
}
