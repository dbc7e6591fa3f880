namespace Notifications.Persistence.Tests.Grains;

[GrainType("persistence-tests.reminder")]
public sealed class ReminderGrain : Grain, IReminderGrain, IRemindable
{
    public const string ReminderName = "tick";

    private int _ticks;

    public Task Start(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public async Task Stop()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public async Task<IReadOnlyList<string>> ReminderNames() =>
        [.. (await this.GetReminders()).Select(reminder => reminder.ReminderName)];

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks++;
        return Task.CompletedTask;
    }
}
