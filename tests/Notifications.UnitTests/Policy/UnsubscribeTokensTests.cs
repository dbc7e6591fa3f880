using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Notifications.Contracts;
using Notifications.Domain.Unsubscribe;

namespace Notifications.UnitTests.Policy;

public sealed class UnsubscribeTokensTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-14T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    private UnsubscribeTokens Tokens(byte[]? key = null) => new(key ?? _key, TimeSpan.FromDays(30), _clock);

    [Fact]
    public void A_token_carries_tenant_user_category_and_channel_and_needs_no_lookup()
    {
        var token = Tokens().Issue("acme", "ada@example", "marketing", Channel.Email);

        Assert.Equal(TokenProblem.None, Tokens().TryRead(token, out var claims));
        Assert.Equal(new UnsubscribeClaims("acme", "ada@example", "marketing", Channel.Email, _clock.GetUtcNow().AddDays(30)), claims);
        Assert.True(claims!.CanUnsubscribe);
        Assert.Matches("^[A-Za-z0-9_.-]+$", token); // safe in a URL path as it is
    }

    [Fact]
    public void A_preferences_token_cannot_unsubscribe()
    {
        Assert.Equal(TokenProblem.None, Tokens().TryRead(Tokens().Issue("acme", "ada"), out var claims));
        Assert.False(claims!.CanUnsubscribe);
    }

    [Fact]
    public void A_token_expires_after_its_lifetime()
    {
        var token = Tokens().Issue("acme", "ada", "marketing", Channel.Email);

        _clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.Equal(TokenProblem.None, Tokens().TryRead(token, out _));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TokenProblem.Expired, Tokens().TryRead(token, out _));
    }

    [Fact]
    public void A_changed_payload_or_another_key_is_refused()
    {
        var token = Tokens().Issue("acme", "ada", "marketing", Channel.Email);
        var (payload, signature) = (token[..token.IndexOf('.')], token[(token.IndexOf('.') + 1)..]);
        var otherUser = Tokens().Issue("acme", "eve", "marketing", Channel.Email);
        var forged = otherUser[..otherUser.IndexOf('.')] + "." + signature;

        Assert.Equal(TokenProblem.Invalid, Tokens().TryRead(forged, out _));
        Assert.Equal(TokenProblem.Invalid, Tokens(RandomNumberGenerator.GetBytes(32)).TryRead(token, out _));
        Assert.Equal(TokenProblem.Invalid, Tokens().TryRead(payload, out _));
        Assert.Equal(TokenProblem.Invalid, Tokens().TryRead(payload + ".", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("%%%.###")]
    [InlineData("....")]
    public void Garbage_is_refused_without_throwing(string token)
    {
        Assert.Equal(TokenProblem.Invalid, Tokens().TryRead(token, out var claims));
        Assert.Null(claims);
        Assert.Equal(TokenProblem.Invalid, Tokens().TryRead(new string('a', 5000), out _));
    }

    [Fact]
    public void A_short_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new UnsubscribeTokens(new byte[16], TimeSpan.FromDays(1), _clock));
    }
}
