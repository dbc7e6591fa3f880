using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Domain.Policy;
using Notifications.Domain.Unsubscribe;

namespace Notifications.Grains.Users;

/// <summary>
/// <c>Notifications:Security</c> and the public address, for unsubscribe and preference-center links.
/// </summary>
public sealed class UnsubscribeOptions
{
    /// <summary>
    /// <c>Notifications:Security:UnsubscribeKey</c>: the HMAC key links are signed with, at least 32 characters, the same
    /// in every silo and API process. Generated per process (with a warning) when absent.
    /// </summary>
    public string? UnsubscribeKey { get; set; }

    /// <summary><c>Notifications:Security:UnsubscribeTokenLifetime</c>: how long a link works.</summary>
    public TimeSpan UnsubscribeTokenLifetime { get; set; } = TimeSpan.FromDays(90);
}

public static partial class RecipientPolicyServiceCollectionExtensions
{
    public const string SecuritySection = "Notifications:Security";
    public const string PublicBaseUrlKey = "Notifications:PublicBaseUrl";
    public const string DefaultPublicBaseUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Registers recipient policy: <see cref="RecipientPolicy"/> from <c>Notifications:Policy</c> (checked at start-up),
    /// the signed <see cref="UnsubscribeTokens"/> and the <see cref="UnsubscribeLinks"/> put in emails. Safe to call
    /// from both the silo's and the API's wiring.
    /// </summary>
    public static IServiceCollection AddRecipientPolicy(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(RecipientPolicy)))
        {
            return services;
        }

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PolicyOptions>().Bind(configuration.GetSection(PolicyOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PolicyOptions>, PolicyOptionsValidator>());
        services.AddSingleton(provider => PolicySettings.From(provider.GetRequiredService<IOptions<PolicyOptions>>().Value));
        services.AddSingleton(provider => new RecipientPolicy(
            provider.GetRequiredService<PolicySettings>(), provider.GetRequiredService<TimeProvider>()));

        services.AddOptions<UnsubscribeOptions>().Bind(configuration.GetSection(SecuritySection))
            .Validate(options => options.UnsubscribeKey is null || Encoding.UTF8.GetByteCount(options.UnsubscribeKey) >= UnsubscribeTokens.MinKeyBytes,
                $"{SecuritySection}:UnsubscribeKey must be at least {UnsubscribeTokens.MinKeyBytes} characters")
            .Validate(options => options.UnsubscribeTokenLifetime > TimeSpan.Zero, $"{SecuritySection}:UnsubscribeTokenLifetime must be positive")
            .ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<UnsubscribeOptions>>().Value;
            byte[] key;
            if (string.IsNullOrEmpty(options.UnsubscribeKey))
            {
                key = RandomNumberGenerator.GetBytes(UnsubscribeTokens.MinKeyBytes);
                LogGeneratedKey(provider.GetRequiredService<ILoggerFactory>().CreateLogger("Notifications.Policy"));
            }
            else
            {
                key = Encoding.UTF8.GetBytes(options.UnsubscribeKey);
            }

            return new UnsubscribeTokens(key, options.UnsubscribeTokenLifetime, provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(provider => new UnsubscribeLinks(provider.GetRequiredService<UnsubscribeTokens>(), PublicBaseUrl(configuration)));
        return services;
    }

    /// <summary>
    /// <c>Notifications:PublicBaseUrl</c>, else the first URL the API listens on (a wildcard host read as localhost),
    /// else <see cref="DefaultPublicBaseUrl"/>. Always ends with '/', so relative links resolve under it.
    /// </summary>
    public static Uri PublicBaseUrl(IConfiguration configuration)
    {
        var configured = configuration[PublicBaseUrlKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            var listening = configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            configured = listening?.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal) ?? DefaultPublicBaseUrl;
        }

        if (!Uri.TryCreate(configured.EndsWith('/') ? configured : configured + "/", UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(url.Query))
        {
            throw new InvalidOperationException($"{PublicBaseUrlKey} '{configured}' must be an absolute http(s) URL such as https://notify.example.com");
        }

        return url;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Notifications:Security:UnsubscribeKey is not set: unsubscribe and preference links are signed with a key generated for this process. " +
        "They stop working when it restarts, and every silo and API process of a cluster must share one key: set it to a random secret of at least 32 characters.")]
    private static partial void LogGeneratedKey(ILogger logger);
}

/// <summary>Fails start-up on a policy that cannot be applied, naming each key to fix.</summary>
internal sealed class PolicyOptionsValidator : IValidateOptions<PolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyOptions options)
    {
        try
        {
            PolicySettings.From(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException invalid)
        {
            return ValidateOptionsResult.Fail(invalid.Message.Split(Environment.NewLine).Select(line => line.Replace(" (Parameter 'options')", "", StringComparison.Ordinal)));
        }
    }
}
