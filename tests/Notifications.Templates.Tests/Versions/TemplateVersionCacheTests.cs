using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Notifications.Templates.Versions;

namespace Notifications.Templates.Tests.Versions;

/// <summary>The silo's memory of versions: a version is loaded once; the active one is trusted for a while.</summary>
public sealed class TemplateVersionCacheTests
{
    private static readonly TemplateSet Sms = TestTemplates.Set(Channel.Sms, new ChannelTemplate(Text: "Hi"));

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private TemplateVersionCache Cache(TimeSpan? refresh = null) =>
        new(_clock, Options.Create(new TemplateOptions { ActiveVersionRefresh = refresh ?? TimeSpan.FromSeconds(1) }));

    [Fact]
    public async Task A_version_is_loaded_once_per_tenant_type_and_number()
    {
        var cache = Cache();
        var loads = 0;
        Task<TemplateSet?> Load() => Task.FromResult<TemplateSet?>(Sms with { Version = ++loads });

        var first = await cache.GetVersionAsync("acme", "welcome", 2, Load, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        var again = await cache.GetVersionAsync("acme", "welcome", 2, Load, CancellationToken.None);
        var otherTenant = await cache.GetVersionAsync("globex", "welcome", 2, Load, CancellationToken.None);
        var otherVersion = await cache.GetVersionAsync("acme", "welcome", 3, Load, CancellationToken.None);

        Assert.Same(first, again);
        Assert.Equal((1, 2, 3), (again!.Version, otherTenant!.Version, otherVersion!.Version));
        Assert.Equal(3, cache.VersionLoads);
    }

    [Fact]
    public async Task A_version_that_does_not_exist_is_not_remembered()
    {
        var cache = Cache();
        TemplateSet? exists = null;

        Assert.Null(await cache.GetVersionAsync("acme", "welcome", 2, () => Task.FromResult(exists), CancellationToken.None));
        exists = Sms;
        Assert.Same(Sms, await cache.GetVersionAsync("acme", "welcome", 2, () => Task.FromResult<TemplateSet?>(exists), CancellationToken.None));
    }

    [Fact]
    public async Task The_active_version_is_trusted_for_the_refresh_time_then_asked_again()
    {
        var cache = Cache(TimeSpan.FromSeconds(1));
        var active = new ActiveTemplateVersion(2, 1);
        Task<ActiveTemplateVersion> Load() => Task.FromResult(active);

        Assert.Equal(2, await cache.GetActiveVersionAsync("acme", "welcome", Load, CancellationToken.None));
        active = new ActiveTemplateVersion(3, 2);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(2, await cache.GetActiveVersionAsync("acme", "welcome", Load, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, await cache.GetActiveVersionAsync("acme", "welcome", Load, CancellationToken.None));
        Assert.Equal(2, cache.ActiveLoads);
    }

    [Fact]
    public async Task With_no_refresh_time_every_lookup_asks()
    {
        var cache = Cache(TimeSpan.Zero);

        foreach (var _ in Enumerable.Range(0, 3))
        {
            await cache.GetActiveVersionAsync("acme", "welcome", () => Task.FromResult(new ActiveTemplateVersion(2, 1)), CancellationToken.None);
        }

        Assert.Equal(3, cache.ActiveLoads);
    }

    [Fact]
    public async Task Concurrent_lookups_share_one_load()
    {
        var cache = Cache();
        var answer = new TaskCompletionSource<ActiveTemplateVersion>();

        var lookups = Enumerable.Range(0, 5)
            .Select(_ => cache.GetActiveVersionAsync("acme", "welcome", () => answer.Task, CancellationToken.None).AsTask())
            .ToArray();
        answer.SetResult(new ActiveTemplateVersion(4, 3));

        Assert.All(await Task.WhenAll(lookups), version => Assert.Equal(4, version));
        Assert.Equal(1, cache.ActiveLoads);
    }

    [Fact]
    public async Task A_failed_load_is_not_remembered()
    {
        var cache = Cache();

        await Assert.ThrowsAsync<TimeoutException>(async () =>
            await cache.GetActiveVersionAsync("acme", "welcome", () => Task.FromException<ActiveTemplateVersion>(new TimeoutException()), CancellationToken.None));
        var version = await cache.GetActiveVersionAsync("acme", "welcome", () => Task.FromResult(new ActiveTemplateVersion(2, 1)), CancellationToken.None);

        Assert.Equal(2, version);
    }

    [Fact]
    public async Task A_change_heard_from_the_grain_applies_at_once_unless_a_newer_one_is_known()
    {
        var cache = Cache(TimeSpan.FromHours(1));
        Task<ActiveTemplateVersion> Unexpected() => throw new InvalidOperationException("the cache should not ask");
        await cache.GetActiveVersionAsync("acme", "welcome", () => Task.FromResult(new ActiveTemplateVersion(2, 5)), CancellationToken.None);

        cache.OnActiveChanged("acme", "welcome", new ActiveTemplateVersion(3, 6));
        Assert.Equal(3, await cache.GetActiveVersionAsync("acme", "welcome", Unexpected, CancellationToken.None));

        cache.OnActiveChanged("acme", "welcome", new ActiveTemplateVersion(2, 5));
        Assert.Equal(3, await cache.GetActiveVersionAsync("acme", "welcome", Unexpected, CancellationToken.None));

        cache.OnActiveChanged("acme", "welcome", new ActiveTemplateVersion(null, 7));
        Assert.Null(await cache.GetActiveVersionAsync("acme", "welcome", Unexpected, CancellationToken.None));
    }
}
