namespace Notifications.Silo.Hosting;

/// <summary>The configuration keys a cluster silo reads besides <c>Notifications:Silo</c> and <c>Notifications:Cluster</c>.</summary>
public static class SiloSettingsKeys
{
    /// <summary><c>ConnectionStrings:Postgres</c>: grain state, reminders and the product's tables.</summary>
    public const string Postgres = "Postgres";

    /// <summary>Apply pending migrations when the silo starts (off by default: run <c>migrate</c> first).</summary>
    public const string AutoMigrate = "Notifications:Database:AutoMigrate";

    /// <summary>Batching and recovery settings of the notifications' storage (<c>GroupCommitStorageOptions</c>).</summary>
    public const string Storage = "Notifications:Storage";

    public const string DefaultHealthUrl = "http://127.0.0.1:5090";
}
