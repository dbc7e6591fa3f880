using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Channels.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Registers the email channel from <c>Notifications:Email</c>: an <see cref="IChannelSender"/> keyed by
    /// <see cref="Channel.Email"/> that sends through SMTP when <c>Smtp:Host</c> is set, or writes <c>.eml</c> files to
    /// the pickup directory otherwise. <see cref="EmailDestination"/> says which, for a start-up log line.
    /// </summary>
    public static IServiceCollection AddEmailChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(provider => new EmailMessageFactory(
            provider.GetRequiredService<IOptions<EmailOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(provider => EmailDestination.For(
            provider.GetRequiredService<IOptions<EmailOptions>>().Value,
            provider.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory()));

        services.AddKeyedSingleton<IChannelSender>(Channel.Email, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptions<EmailOptions>>().Value;
            var messages = provider.GetRequiredService<EmailMessageFactory>();
            var destination = provider.GetRequiredService<EmailDestination>();
            return destination.Transport == EmailTransport.Smtp
                ? new SmtpEmailSender(
                    options,
                    messages,
                    provider.GetRequiredService<TimeProvider>(),
                    provider.GetRequiredService<ILogger<SmtpEmailSender>>())
                : new PickupDirectoryEmailSender(destination.PickupDirectory!, messages);
        });

        return services;
    }
}
