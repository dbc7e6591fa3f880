using Notifications.Testing.Smtp;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notifications.Contracts;

namespace Notifications.Api.Tests;

/// <summary>
/// A .NET service that references only Notifications.Abstractions and the Orleans client, talking to the running
/// product through its gateway, with no HTTP.
/// </summary>
public sealed class OrleansClientTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Another_service_sends_through_the_orleans_client()
    {
        _ = fixture.Server;
        using var host = Host.CreateDefaultBuilder()
            .UseOrleansClient(client => client.UseLocalhostClustering(fixture.GatewayPort))
            .Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var userId = $"user-{Guid.NewGuid():N}";
        var email = $"{userId}@example.com";

        await grains.UpsertUserAsync("acme", userId, new UserProfile("Grace Hopper", email));
        var result = await grains.SendNotificationAsync("acme", new SendNotification(userId, "welcome"));

        Assert.Equal(SubmitOutcome.Accepted, result.Outcome);
        Assert.Single(await fixture.Smtp.WaitForMessagesToAsync(email, 1, TimeSpan.FromSeconds(15)));

        // The same notification is visible over HTTP to the tenant's key.
        var overHttp = await fixture.Authorized().GetFromJsonAsync<NotificationView>($"/api/v1/notifications/{result.Notification!.Id}");
        Assert.Equal(userId, overHttp!.UserId);
        await host.StopAsync();
    }
}
