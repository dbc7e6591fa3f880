namespace Notifications.Contracts;

/// <summary>
/// Grain keys are tenant-scoped from the first day: <c>{tenant}/{id}</c>. Ids themselves never contain '/'.
/// </summary>
public static class GrainKeys
{
    public const char Separator = '/';

    public static string Compose(string tenant, string id) => string.Concat(tenant, "/", id);

    public static (string Tenant, string Id) Split(string key)
    {
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0 || separator == key.Length - 1)
        {
            throw new ArgumentException($"'{key}' is not a tenant-scoped key of the form tenant/id.", nameof(key));
        }

        return (key[..separator], key[(separator + 1)..]);
    }
}

/// <summary>Notification ids are UUIDv7: unique without coordination and sortable by creation time.</summary>
public static class NotificationIds
{
    public static string New() => Guid.CreateVersion7().ToString("D");
}
