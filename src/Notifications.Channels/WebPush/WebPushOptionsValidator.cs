using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Notifications.Channels.WebPush;

/// <summary>Fails start-up on web push settings that would fail every send, naming the key to fix.</summary>
internal sealed class WebPushOptionsValidator(IHostEnvironment? environment) : IValidateOptions<WebPushOptions>
{
    private const string Section = WebPushOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, WebPushOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        var subject = options.Subject!;
        var mailto = subject.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && subject.Length > "mailto:".Length;
        var https = Uri.TryCreate(subject, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
        if (!mailto && !https)
        {
            failures.Add($"{Section}:Subject must be a mailto: address or an https URL.");
        }

        if (!options.HasKeys && environment?.IsDevelopment() != true)
        {
            failures.Add($"{Section}:PublicKey and {Section}:PrivateKey are required (generated only in the Development environment).");
        }
        else if (string.IsNullOrWhiteSpace(options.PublicKey) != string.IsNullOrWhiteSpace(options.PrivateKey))
        {
            failures.Add($"{Section}:PublicKey and {Section}:PrivateKey must be set together.");
        }
        else if (options.HasKeys)
        {
            try
            {
                using var keys = VapidKeys.FromBase64Url(options.PublicKey!, options.PrivateKey!);
            }
            catch (ArgumentException invalid)
            {
                failures.Add($"{Section}:PublicKey/PrivateKey: {invalid.Message}");
            }
        }

        if (options.TimeToLiveSeconds < 0)
        {
            failures.Add($"{Section}:TimeToLiveSeconds must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
