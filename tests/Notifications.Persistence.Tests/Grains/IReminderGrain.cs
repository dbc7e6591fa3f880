namespace Notifications.Persistence.Tests.Grains;

/// <summary>A test grain that counts the ticks of one reminder.</summary>
[Alias("persistence-tests.IReminderGrain")]
public interface IReminderGrain : IGrainWithStringKey
{
    Task Start(TimeSpan period);

    Task Stop();

    /// <summary>Ticks received since this activation started.</summary>
    Task<int> Ticks();

    Task<IReadOnlyList<string>> ReminderNames();
}
