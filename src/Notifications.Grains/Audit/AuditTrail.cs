using System.Globalization;
using Microsoft.Extensions.Logging;
using Notifications.Grains.Hosting;

namespace Notifications.Grains.Audit;

/// <summary>One admin action: who (the API key's name), what, on which target, when, and details as JSON.</summary>
[GenerateSerializer, Immutable, Alias("notifications.audit-entry")]
public sealed record AuditEntry(string Actor, string Action, string Target, DateTimeOffset At, string? DetailsJson = null);

/// <summary>The audit actions delivery records.</summary>
public static class AuditActions
{
    public const string DeadLetterReplay = "dead-letter.replay";
    public const string DeadLetterDiscard = "dead-letter.discard";
}

/// <summary>
/// A tenant's audit trail of one day (UTC), keyed <c>{tenant}/{yyyy-MM-dd}</c>: admin actions are rare, so a day's
/// entries stay small, and the trail works the same in memory and on PostgreSQL.
/// </summary>
[Alias("notifications.IAuditTrailGrain")]
public interface IAuditTrailGrain : IGrainWithStringKey
{
    Task Record(AuditEntry entry);

    /// <summary>The day's entries, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> List();
}

public static class AuditTrailKeys
{
    public static IAuditTrailGrain AuditTrail(this IGrainFactory grains, string tenant, DateTimeOffset at) =>
        grains.GetGrain<IAuditTrailGrain>(GrainKeys.Compose(tenant, at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
}

[GrainType("audit-trail")]
public sealed partial class AuditTrailGrain(
    [PersistentState("audit-trail", StorageNames.Notifications)] IPersistentState<AuditTrailState> stored,
    ILogger<AuditTrailGrain> logger)
    : Grain, IAuditTrailGrain
{
    public async Task Record(AuditEntry entry)
    {
        stored.State.Entries.Add(entry);
        await stored.WriteStateAsync();
        LogRecorded(logger, GrainKeys.Split(this.GetPrimaryKeyString()).Tenant, entry.Actor, entry.Action, entry.Target);
    }

    public Task<IReadOnlyList<AuditEntry>> List() => Task.FromResult<IReadOnlyList<AuditEntry>>([.. stored.State.Entries]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: tenant {Tenant}, {Actor} did {Action} on {Target}")]
    private static partial void LogRecorded(ILogger logger, string tenant, string actor, string action, string target);
}

[GenerateSerializer, Alias("notifications.audit-trail-state")]
public sealed class AuditTrailState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}
