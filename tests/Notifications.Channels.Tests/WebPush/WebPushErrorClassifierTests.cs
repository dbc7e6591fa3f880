using System.Net;
using Notifications.Channels.WebPush;

namespace Notifications.Channels.Tests.WebPush;

public sealed class WebPushErrorClassifierTests
{
    [Theory]
    [InlineData(404, DeliveryOutcome.AddressGone)]
    [InlineData(410, DeliveryOutcome.AddressGone)]
    [InlineData(413, DeliveryOutcome.PermanentFailure)]
    [InlineData(400, DeliveryOutcome.PermanentFailure)]
    [InlineData(401, DeliveryOutcome.PermanentFailure)]
    [InlineData(403, DeliveryOutcome.PermanentFailure)]
    [InlineData(429, DeliveryOutcome.RetryLater)]
    [InlineData(500, DeliveryOutcome.RetryLater)]
    [InlineData(503, DeliveryOutcome.RetryLater)]
    public void Classifies_push_service_answers(int status, DeliveryOutcome outcome)
    {
        Assert.Equal(outcome, WebPushErrorClassifier.Classify((HttpStatusCode)status, null, null).Outcome);
    }

    [Fact]
    public void A_refused_vapid_authorization_names_the_settings()
    {
        Assert.Contains("Notifications:WebPush:PrivateKey", WebPushErrorClassifier.Classify(HttpStatusCode.Forbidden, null, null).Error);
    }
}
