using Notifications.Contracts;
using System.Collections.Concurrent;

namespace Notifications.Grains.Tests.Templates;

/// <summary>
/// Holds a user's <see cref="IUserGrain.Plan"/> calls while a test has the gate closed: a notification for that user is
/// accepted (its version recorded) but not yet rendered, so the test can change the type's versions in between.
/// </summary>
public sealed class PlanGate : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<string, Gate> Gates = new();

    /// <summary>Closes the gate for one user until the returned gate is opened or disposed.</summary>
    public static Gate Close(string tenant, string userId) => Gates.GetOrAdd(GrainKeys.Compose(tenant, userId), key => new Gate(key));

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is IUserGrain && context.InterfaceMethod?.Name == nameof(IUserGrain.Plan)
            && Gates.TryGetValue(context.TargetId.Key.ToString()!, out var gate))
        {
            gate.Reached.TrySetResult();
            await gate.Opened.Task;
        }

        await context.Invoke();
    }

    public sealed class Gate(string key) : IDisposable
    {
        internal TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when a notification is waiting at the gate: accepted, not yet rendered.</summary>
        public Task WaitingAsync() => Reached.Task.WaitAsync(TimeSpan.FromSeconds(20));

        public void Open()
        {
            Gates.TryRemove(key, out _);
            Opened.TrySetResult();
        }

        public void Dispose() => Open();
    }
}
