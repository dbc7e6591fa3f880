using Microsoft.Extensions.DependencyInjection;
using Notifications.Contracts;
using Notifications.Grains.Hosting;
using Notifications.Grains.Users;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Notifications.Grains.Tests.Hosting;

/// <summary>The embedded hosting's storage keeps what was written, apart from the live state, and refuses stale writes.</summary>
public sealed class InProcessGrainStorageTests
{
    private static readonly GrainId Ada = GrainId.Create("user", "acme/ada");

    [Fact]
    public async Task A_reload_gives_back_the_last_write_not_later_changes_to_the_live_state()
    {
        var storage = NewStorage();
        var state = new UserProfileState { Profile = new UserProfile(Name: "Ada") };
        var live = new GrainState<UserProfileState>(state);
        await storage.WriteStateAsync("profile", Ada, live);

        state.Profile = new UserProfile(Name: "Changed but not written");
        state.Unsubscribed.Add("marketing:email");

        var reloaded = new GrainState<UserProfileState>();
        await storage.ReadStateAsync("profile", Ada, reloaded);
        Assert.True(reloaded.RecordExists);
        Assert.Equal("Ada", reloaded.State!.Profile?.Name);
        Assert.Empty(reloaded.State.Unsubscribed);
        Assert.Equal(live.ETag, reloaded.ETag);
    }

    [Fact]
    public async Task A_write_based_on_a_stale_version_is_refused_and_changes_nothing()
    {
        var storage = NewStorage();
        var state = new UserProfileState { Profile = new UserProfile(Name: "Ada") };
        var first = new GrainState<UserProfileState>(state);
        await storage.WriteStateAsync("profile", Ada, first);
        var stale = new GrainState<UserProfileState> { State = new UserProfileState { Profile = new UserProfile(Name: "Stale") }, ETag = first.ETag };
        state.Profile = new UserProfile(Name: "Ada Lovelace");
        await storage.WriteStateAsync("profile", Ada, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("profile", Ada, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("profile", Ada, new GrainState<UserProfileState>(new UserProfileState())));

        var stored = new GrainState<UserProfileState>();
        await storage.ReadStateAsync("profile", Ada, stored);
        Assert.Equal("Ada Lovelace", stored.State!.Profile?.Name);
    }

    [Fact]
    public async Task A_missing_or_cleared_record_reads_as_a_fresh_state()
    {
        var storage = NewStorage();
        var state = new GrainState<UserProfileState>(new UserProfileState { Profile = new UserProfile(Name: "Ada") });
        await storage.ReadStateAsync("history", Ada, state);
        Assert.False(state.RecordExists);
        Assert.Null(state.State!.Profile);

        await storage.WriteStateAsync("profile", Ada, state);
        await storage.ClearStateAsync("profile", Ada, state);
        var reloaded = new GrainState<UserProfileState>();
        await storage.ReadStateAsync("profile", Ada, reloaded);
        Assert.False(reloaded.RecordExists);
        Assert.Null(reloaded.ETag);
        Assert.Equal(0, storage.Count);
    }

    private static InProcessGrainStorage NewStorage()
    {
        var services = new ServiceCollection()
            .AddSerializer(serializer => serializer.AddAssembly(typeof(UserProfileState).Assembly).AddAssembly(typeof(UserProfile).Assembly))
            .BuildServiceProvider();
        return new InProcessGrainStorage("test", services.GetRequiredService<Serializer>(), services.GetRequiredService<IActivatorProvider>());
    }
}
