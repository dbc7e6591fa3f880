using Notifications.Contracts;
using Notifications.Domain.Policy;

namespace Notifications.UnitTests.Policy;

public sealed class RecipientPolicyTests
{
    private static PlanRequest Request(params Channel[] channels) => new("n1", "welcome", "transactional", Priority.Standard, channels);

    [Fact]
    public void Routes_follow_the_requested_order_and_skip_channels_without_an_address()
    {
        var plan = RecipientPolicy.Plan(new UserProfile(Email: "ada@example.com"), Request(Channel.Sms, Channel.Email));

        Assert.Equal(PlanDecision.Send, plan.Decision);
        Assert.Equal([new ChannelRoute(Channel.Email, "ada@example.com")], plan.Routes);
    }

    [Fact]
    public void No_address_at_all_suppresses_with_its_reason()
    {
        var plan = RecipientPolicy.Plan(new UserProfile(Name: "Ada"), Request(Channel.Email, Channel.Sms));

        Assert.Equal(PlanDecision.Suppress, plan.Decision);
        Assert.Equal(StatusReasons.NoAddress, plan.Reason);
    }

    [Fact]
    public void The_in_app_channel_needs_no_address()
    {
        var plan = RecipientPolicy.Plan(new UserProfile(Name: "Ada"), Request(Channel.Email, Channel.InApp));

        Assert.Equal(PlanDecision.Send, plan.Decision);
        Assert.Equal(Channel.InApp, Assert.Single(plan.Routes).Channel);
    }
}
