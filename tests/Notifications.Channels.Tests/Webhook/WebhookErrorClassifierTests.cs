using System.Net;
using Notifications.Channels.Webhook;

namespace Notifications.Channels.Tests.Webhook;

public sealed class WebhookErrorClassifierTests
{
    [Theory]
    [InlineData(410, DeliveryOutcome.AddressGone)]
    [InlineData(408, DeliveryOutcome.RetryLater)]
    [InlineData(429, DeliveryOutcome.RetryLater)]
    [InlineData(500, DeliveryOutcome.RetryLater)]
    [InlineData(502, DeliveryOutcome.RetryLater)]
    [InlineData(503, DeliveryOutcome.RetryLater)]
    [InlineData(400, DeliveryOutcome.PermanentFailure)]
    [InlineData(401, DeliveryOutcome.PermanentFailure)]
    [InlineData(404, DeliveryOutcome.PermanentFailure)]
    [InlineData(301, DeliveryOutcome.PermanentFailure)]
    [InlineData(307, DeliveryOutcome.PermanentFailure)]
    public void Classifies_receiver_answers(int status, DeliveryOutcome outcome)
    {
        Assert.Equal(outcome, WebhookErrorClassifier.Classify((HttpStatusCode)status, null).Outcome);
    }

    [Fact]
    public void Keeps_the_retry_after_instant()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(2);

        Assert.Equal(at, WebhookErrorClassifier.Classify(HttpStatusCode.TooManyRequests, at).RetryAt);
    }
}
