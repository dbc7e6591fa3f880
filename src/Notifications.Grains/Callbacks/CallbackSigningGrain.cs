using Notifications.Grains.Hosting;

namespace Notifications.Grains.Callbacks;

[GrainType("callback-signing")]
public sealed class CallbackSigningGrain(
    [PersistentState("callback-signing", StorageNames.Notifications)] IPersistentState<CallbackSigningState> stored)
    : Grain, ICallbackSigningGrain
{
    public async Task SetSecret(string secret)
    {
        if (stored.State.Secret != secret)
        {
            stored.State.Secret = secret;
            await stored.WriteStateAsync();
        }
    }

    public Task<string?> GetSecret() => Task.FromResult(stored.State.Secret);
}

[GenerateSerializer, Alias("notifications.callback-signing-state")]
public sealed class CallbackSigningState
{
    [Id(0)] public string? Secret { get; set; }
}
