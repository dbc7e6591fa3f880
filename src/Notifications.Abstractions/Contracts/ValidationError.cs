namespace Notifications.Contracts;

/// <summary>A field of a request and why it was refused. The API turns these into problem+json.</summary>
[GenerateSerializer, Immutable, Alias("notifications.validation-error")]
public sealed record ValidationError(string Field, string Reason);
