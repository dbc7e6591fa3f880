namespace Notifications.Api.Security;

/// <summary>What a key may do. Admin implies the others.</summary>
public static class Scopes
{
    public const string Send = "send";
    public const string Read = "read";
    public const string Admin = "admin";

    public const string ScopeClaim = "scope";
    public const string TenantClaim = "tenant";
}
