namespace Notifications.Contracts;

/// <summary>
/// A template's output for one channel. Each channel uses its own fields: email (Subject, Text, Html), SMS (Text),
/// push (Title, Body, Data), web push (Title, Body, Url), in-app (Title, Body, Url as the action), webhook (Json).
/// </summary>
[GenerateSerializer, Immutable, Alias("notifications.rendered-content")]
public sealed record RenderedContent(
    string? Subject = null,
    string? Text = null,
    string? Html = null,
    string? Title = null,
    string? Body = null,
    string? Url = null,
    IReadOnlyDictionary<string, string>? Data = null,
    string? Json = null);
