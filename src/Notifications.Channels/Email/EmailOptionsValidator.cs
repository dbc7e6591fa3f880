using Microsoft.Extensions.Options;

namespace Notifications.Channels.Email;

/// <summary>Fails start-up on settings that would otherwise fail every send, naming the key to fix.</summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    private const string Section = EmailOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        try
        {
            EmailMessageFactory.ParseSender(options.From);
        }
        catch (FormatException invalid)
        {
            failures.Add($"{Section}:From: {invalid.Message}");
        }

        var smtp = options.Smtp;
        if (options.UsesSmtp)
        {
            if (Uri.CheckHostName(smtp.Host) == UriHostNameType.Unknown)
            {
                failures.Add($"{Section}:Smtp:Host '{smtp.Host}' is not a host name or IP address (no scheme, no port).");
            }

            if (smtp.Port is < 1 or > 65535)
            {
                failures.Add($"{Section}:Smtp:Port must be between 1 and 65535.");
            }

            if (!Enum.IsDefined(smtp.UseTls))
            {
                failures.Add($"{Section}:Smtp:UseTls must be one of None, StartTls, SslOnConnect, Auto.");
            }

            if (smtp.MaxConnections < 1)
            {
                failures.Add($"{Section}:Smtp:MaxConnections must be at least 1.");
            }

            if (smtp.TimeoutSeconds < 1)
            {
                failures.Add($"{Section}:Smtp:TimeoutSeconds must be at least 1.");
            }

            if (string.IsNullOrEmpty(smtp.Username) && !string.IsNullOrEmpty(smtp.Password))
            {
                failures.Add($"{Section}:Smtp:Password is set but {Section}:Smtp:Username is empty.");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            failures.Add($"{Section}:PickupDirectory must be set when {Section}:Smtp:Host is empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
