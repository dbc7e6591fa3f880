using Notifications.Channels.Http;

using Microsoft.Extensions.Options;

namespace Notifications.Channels.Sms;

/// <summary>Fails start-up on settings that would otherwise fail every send, naming the key to fix.</summary>
internal sealed class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    private const string Section = TwilioOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.From) && string.IsNullOrWhiteSpace(options.MessagingServiceSid))
        {
            failures.Add($"{Section}:From or {Section}:MessagingServiceSid must be set.");
        }

        if (!ProviderUrls.IsHttpUrl(options.BaseUrl))
        {
            failures.Add($"{Section}:BaseUrl must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.StatusCallbackUrl) && !ProviderUrls.IsHttpUrl(options.StatusCallbackUrl))
        {
            failures.Add($"{Section}:StatusCallbackUrl must be an absolute http(s) URL.");
        }

        if (options.TimeoutSeconds < 1)
        {
            failures.Add($"{Section}:TimeoutSeconds must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
