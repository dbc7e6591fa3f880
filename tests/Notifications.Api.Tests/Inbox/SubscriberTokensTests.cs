using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Notifications.Api.Security;

namespace Notifications.Api.Tests.Inbox;

public sealed class SubscriberTokensTests
{
    private const string Key = "a-test-key-that-is-long-enough-for-hmac";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    private SubscriberTokens Tokens(string? key = Key, TimeSpan? lifetime = null) => new(
        Options.Create(new SubscriberTokenOptions { SubscriberTokenKey = key, SubscriberTokenLifetime = lifetime ?? TimeSpan.FromMinutes(30) }),
        _clock);

    [Fact]
    public void A_token_names_its_tenant_and_user_until_it_expires()
    {
        var tokens = Tokens();
        var (token, expiresAt) = tokens.Issue("acme", "ada");

        Assert.Equal(new SubscriberToken("acme", "ada", _clock.GetUtcNow().AddMinutes(30)), tokens.Validate(token));
        Assert.Equal(_clock.GetUtcNow().AddMinutes(30), expiresAt);

        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(tokens.Validate(token));
    }

    [Fact]
    public void Another_key_or_any_changed_character_makes_it_invalid()
    {
        var (token, _) = Tokens().Issue("acme", "ada");

        Assert.Null(Tokens("another-key-that-is-long-enough-for-hmac").Validate(token));
        for (var index = 4; index < token.Length; index += 7)
        {
            var changed = token.ToCharArray();
            changed[index] = changed[index] == 'A' ? 'B' : 'A';
            Assert.Null(Tokens().Validate(new string(changed)));
        }
    }

    [Fact]
    public void Without_a_configured_key_a_random_one_is_used_and_said_to_be_ephemeral()
    {
        var first = Tokens(key: null);
        var second = Tokens(key: null);
        var (token, _) = first.Issue("acme", "ada");

        Assert.True(first.IsKeyEphemeral);
        Assert.NotNull(first.Validate(token));
        Assert.Null(second.Validate(token));
        Assert.False(Tokens().IsKeyEphemeral);
    }

    [Fact]
    public void A_short_key_is_refused_at_start_up() =>
        Assert.Throws<OptionsValidationException>(() => Tokens("short"));

    [Theory]
    [InlineData("test-admin-key")]
    [InlineData("st1.abc")]
    [InlineData("")]
    public void Api_keys_and_junk_do_not_look_like_tokens(string presented) => Assert.False(SubscriberTokens.LooksLikeToken(presented));
}
