using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Notifications.Channels.Push.Apns;

namespace Notifications.Channels.Tests.Push;

public sealed class ApnsProviderTokenTests : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void One_token_serves_for_40_minutes_then_a_new_one_is_made()
    {
        var token = new ApnsProviderToken("TEAM", "KEY", key, time);
        var first = token.Current;

        time.Advance(TimeSpan.FromMinutes(39));
        Assert.Equal(first, token.Current);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotEqual(first, token.Current);
    }

    [Fact]
    public void A_refused_token_is_renewed_only_when_at_least_20_minutes_old()
    {
        var token = new ApnsProviderToken("TEAM", "KEY", key, time);
        var first = token.Current;

        time.Advance(TimeSpan.FromMinutes(19));
        Assert.Null(token.RenewAfterRejection(first));
        time.Advance(TimeSpan.FromMinutes(1));
        var renewed = token.RenewAfterRejection(first);

        Assert.NotNull(renewed);
        Assert.NotEqual(first, renewed);
        Assert.Equal(renewed, token.Current);
    }

    [Fact]
    public void A_token_already_replaced_by_another_request_is_not_renewed_twice()
    {
        var token = new ApnsProviderToken("TEAM", "KEY", key, time);
        var first = token.Current;
        time.Advance(TimeSpan.FromMinutes(25));
        var renewed = token.RenewAfterRejection(first);

        Assert.Equal(renewed, token.RenewAfterRejection(first));
    }

    public void Dispose() => key.Dispose();
}
