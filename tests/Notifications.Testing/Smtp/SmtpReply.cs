namespace Notifications.Testing.Smtp;

/// <summary>A scripted SMTP answer, such as <c>550 5.1.1 no such user</c>.</summary>
public sealed record SmtpReply(int Code, string Text)
{
    public override string ToString() => $"{Code} {Text}";
}
