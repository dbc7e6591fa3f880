using Notifications.Persistence.Tests.Infrastructure;

namespace Notifications.Persistence.Tests.Grains;

[GrainType("persistence-tests.profile")]
public sealed class ProfileGrain(
    [PersistentState("profile", PostgresCluster.ProfileStorage)] IPersistentState<ProfileState> profile,
    [PersistentState("history", PostgresCluster.HistoryStorage)] IPersistentState<HistoryState> history)
    : Grain, IProfileGrain
{
    public async Task Save(string name, DeliveryNote note)
    {
        profile.State.Name = name;
        history.State.Notes.Add(note);
        await profile.WriteStateAsync();
        await history.WriteStateAsync();
    }

    public Task<ProfileView> Get() => Task.FromResult(
        new ProfileView(profile.State.Name, [.. history.State.Notes], profile.RecordExists, history.RecordExists));

    public async Task Clear()
    {
        await profile.ClearStateAsync();
        await history.ClearStateAsync();
    }
}

[GenerateSerializer, Alias("persistence-tests.ProfileState")]
public sealed class ProfileState
{
    [Id(0)] public string? Name { get; set; }
}

[GenerateSerializer, Alias("persistence-tests.HistoryState")]
public sealed class HistoryState
{
    [Id(0)] public List<DeliveryNote> Notes { get; set; } = [];
}
