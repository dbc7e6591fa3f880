namespace Notifications.Channels.Email;

/// <summary>Where email goes with the current settings, for the start-up log line.</summary>
public sealed record EmailDestination(EmailTransport Transport, string Description)
{
    /// <summary>The absolute pickup folder, when mail is written to files.</summary>
    public string? PickupDirectory { get; init; }

    public static EmailDestination For(EmailOptions options, string contentRoot)
    {
        if (options.UsesSmtp)
        {
            var smtp = options.Smtp;
            var credentials = string.IsNullOrEmpty(smtp.Username) ? "without authentication" : "with authentication";
            return new EmailDestination(
                EmailTransport.Smtp,
                $"SMTP server {smtp.Host}:{smtp.Port} (TLS {smtp.UseTls}, {credentials}, up to {smtp.MaxConnections} connections), from {options.From}");
        }

        var directory = Path.GetFullPath(Path.Combine(contentRoot, options.PickupDirectory));
        return new EmailDestination(
            EmailTransport.PickupDirectory,
            $".eml files in {directory} (set {EmailOptions.SectionName}:Smtp:Host to send through an SMTP server)")
        {
            PickupDirectory = directory,
        };
    }

    public override string ToString() => Description;
}

public enum EmailTransport
{
    PickupDirectory = 0,
    Smtp = 1,
}
