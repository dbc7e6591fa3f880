using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Notifications.Cluster.Tests.Infrastructure;

namespace Notifications.Cluster.Tests;

/// <summary>The API as a pure client of separate silos: it starts without them, says so, and serves once one joins.</summary>
public sealed class ApiClusterModeTests(TestReport report, ITestOutputHelper output) : IClassFixture<TestReport>, IAsyncLifetime
{
    private const string ApiKey = "cluster-test-key";

    private ClusterUnderTest cluster = null!;
    private ClusterApi api = null!;

    public async Task InitializeAsync()
    {
        cluster = await ClusterUnderTest.StartAsync(siloCount: 0);
        api = new ClusterApi(cluster);
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task The_api_is_not_ready_without_a_silo_and_delivers_once_one_joins()
    {
        var clock = Stopwatch.StartNew();
        using var http = api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

        var live = await http.GetAsync("/health/live");
        var notReady = await http.GetAsync("/health/ready");
        var refused = await http.PostAsJsonAsync("/api/v1/notifications", new { userId = "ada", type = "welcome" });
        var answeredAfter = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.True(answeredAfter < TimeSpan.FromSeconds(10), $"The API took {answeredAfter.TotalSeconds:0.0} s to answer without a silo.");

        await cluster.StartSilosAsync(1);
        await TestServices.WaitUntilAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(45), "the API to become ready");
        var readyAfter = clock.Elapsed;

        var user = await http.PutAsJsonAsync("/api/v1/users/ada", new { name = "Ada Lovelace", email = "ada@cluster-api.test" });
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        var accepted = await http.PostAsJsonAsync("/api/v1/notifications", new { userId = "ada", type = "welcome" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<NotificationView>())!.Id;
        var email = Assert.Single(await cluster.WaitForMessagesToAsync("ada@cluster-api.test", 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(id, email.Message.Headers["X-Notification-Id"]);
        report.Line(output, $"API cluster mode: answered 503 without a silo after {answeredAfter.TotalSeconds:0.0} s, ready {readyAfter.TotalSeconds:0.0} s after start (silo started at {answeredAfter.TotalSeconds:0.0} s).");
    }

    /// <summary>The API's own Program, configured for the cluster hosting of <see cref="ClusterUnderTest"/>.</summary>
    private sealed class ClusterApi(ClusterUnderTest cluster) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Notifications:Hosting", "Cluster");
            builder.UseSetting("ConnectionStrings:Redis", TestServices.Redis);
            builder.UseSetting("Notifications:Cluster:ClusterId", cluster.ClusterId);
            builder.UseSetting("Notifications:Cluster:ServiceId", cluster.ServiceId);
            builder.UseSetting("Notifications:Security:BootstrapApiKey", ApiKey);
            builder.UseSetting("Notifications:Security:BootstrapTenant", ClusterUnderTest.Tenant);
        }
    }
}
