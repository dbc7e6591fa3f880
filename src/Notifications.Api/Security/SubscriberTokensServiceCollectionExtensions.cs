using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Notifications.Api.Security;

public static partial class SubscriberTokensServiceCollectionExtensions
{
    /// <summary>The scheme that picks API key or subscriber token by the shape of what the caller presents.</summary>
    public const string BearerSchemeName = "Bearer";

    /// <summary>
    /// Adds subscriber tokens as a second authentication scheme beside API keys, a default scheme that picks one of
    /// the two by the token's shape, and the <see cref="UserAccess"/> policies. Call after the API-key scheme is added:
    /// this makes the selecting scheme the default.
    /// </summary>
    public static IServiceCollection AddSubscriberTokens(this IServiceCollection services)
    {
        services.AddOptions<SubscriberTokenOptions>().BindConfiguration(ApiKeyOptions.Section);
        services.AddSingleton<SubscriberTokens>();
        services.AddHostedService<SubscriberTokenKeyCheck>();

        services.AddAuthentication(options => options.DefaultScheme = BearerSchemeName)
            .AddScheme<AuthenticationSchemeOptions, SubscriberTokensAuthenticationHandler>(SubscriberTokensAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(BearerSchemeName, "API key or subscriber token", options => options.ForwardDefaultSelector = SelectScheme);

        services.AddSingleton<IAuthorizationHandler, UserAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(UserAccess.Read, policy => policy.AddRequirements(new UserAccessRequirement([Scopes.Read, Scopes.Admin])))
            .AddPolicy(UserAccess.Write, policy => policy.AddRequirements(new UserAccessRequirement([Scopes.Send, Scopes.Admin])));
        return services;
    }

    private static string SelectScheme(HttpContext context) =>
        SubscriberTokensAuthenticationHandler.Presented(context.Request) is { } presented && SubscriberTokens.LooksLikeToken(presented)
            ? SubscriberTokensAuthenticationHandler.SchemeName
            : ApiKeyAuthenticationHandler.SchemeName;

    /// <summary>Says at start-up when tokens are signed with a key that dies with the process.</summary>
    private sealed partial class SubscriberTokenKeyCheck(SubscriberTokens tokens, ILogger<SubscriberTokens> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (tokens.IsKeyEphemeral)
            {
                LogEphemeralKey(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message =
            "No Notifications:Security:SubscriberTokenKey is configured: subscriber tokens are signed with a key made up at start-up, " +
            "so they stop working when this process restarts and are refused by other API processes")]
        private static partial void LogEphemeralKey(ILogger logger);
    }
}
