namespace Notifications.Persistence.Tests.Grains;

/// <summary>A test grain with two persistent states, one on each test storage.</summary>
[Alias("persistence-tests.IProfileGrain")]
public interface IProfileGrain : IGrainWithStringKey
{
    Task Save(string name, DeliveryNote note);

    Task<ProfileView> Get();

    Task Clear();
}

[GenerateSerializer, Immutable, Alias("persistence-tests.DeliveryNote")]
public sealed record DeliveryNote([property: Id(0)] string Channel, [property: Id(1)] int Attempt, [property: Id(2)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("persistence-tests.ProfileView")]
public sealed record ProfileView(
    [property: Id(0)] string? Name,
    [property: Id(1)] IReadOnlyList<DeliveryNote> Notes,
    [property: Id(2)] bool ProfileStored,
    [property: Id(3)] bool HistoryStored);
