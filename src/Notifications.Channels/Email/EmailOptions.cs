namespace Notifications.Channels.Email;

/// <summary>The email channel's settings, bound from <c>Notifications:Email</c>.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Notifications:Email";

    /// <summary>The sender, optionally with a display name: <c>Acme &lt;no-reply@acme.test&gt;</c>.</summary>
    public string From { get; set; } = "notifications@localhost";

    /// <summary>Where <c>.eml</c> files are written when no SMTP host is configured; relative to the content root.</summary>
    public string PickupDirectory { get; set; } = "./data/mail";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>True when mail goes to an SMTP server rather than the pickup directory.</summary>
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

/// <summary>The SMTP server, bound from <c>Notifications:Email:Smtp</c>. An empty host selects the pickup directory.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public SmtpTlsMode UseTls { get; set; } = SmtpTlsMode.Auto;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>How many connections the pool keeps open at most: one message is in flight per connection.</summary>
    public int MaxConnections { get; set; } = 4;

    /// <summary>Applies to connecting and to every read and write on a connection.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpTlsMode
{
    /// <summary>Plain text: for a local relay only.</summary>
    None = 0,

    /// <summary>Connect in plain text, then require STARTTLS (submission, port 587).</summary>
    StartTls = 1,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect = 2,

    /// <summary>TLS from the first byte on port 465; otherwise STARTTLS when the server offers it.</summary>
    Auto = 3,
}
