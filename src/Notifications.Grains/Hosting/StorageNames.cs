namespace Notifications.Grains.Hosting;

/// <summary>
/// The grain storage providers the grains ask for. Each hosting registers all of them (memory when embedded,
/// PostgreSQL in a cluster); stored rows are keyed by these names, so they never change.
/// </summary>
public static class StorageNames
{
    public const string Users = "users";
    public const string Notifications = "notifications";
    public const string Templates = "templates";
    public const string Inbox = "inbox";

    /// <summary>Orleans' stream subscriptions (the name Orleans asks for); registered apart, see <see cref="InboxStreamsHosting"/>.</summary>
    public const string PubSub = "PubSubStore";

    public static readonly IReadOnlyList<string> All = [Users, Notifications, Templates, Inbox];
}
