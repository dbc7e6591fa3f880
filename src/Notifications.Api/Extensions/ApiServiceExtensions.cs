using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Notifications.Api.Health;
using Notifications.Api.Security;
using Notifications.Grains.Users;

namespace Notifications.Api.Extensions;

/// <summary>The HTTP side: JSON, problem details, API-key authentication with scopes, OpenAPI and health checks.</summary>
public static class ApiServiceExtensions
{
    public static WebApplicationBuilder AddNotificationsApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            options.SerializerOptions.MaxDepth = 64;
        });
        services.AddProblemDetails();

        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section);
        services.AddSingleton<ApiKeyStore>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.Send, policy => policy.RequireClaim(Scopes.ScopeClaim, Scopes.Send, Scopes.Admin))
            .AddPolicy(Scopes.Read, policy => policy.RequireClaim(Scopes.ScopeClaim, Scopes.Read, Scopes.Admin))
            .AddPolicy(Scopes.Admin, policy => policy.RequireClaim(Scopes.ScopeClaim, Scopes.Admin));
        services.AddSubscriberTokens();

        services.AddRecipientPolicy(builder.Configuration);
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("orleans", tags: [ClusterHealthCheck.ReadyTag]);
        return builder;
    }
}
