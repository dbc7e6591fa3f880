using System.Net;
using Notifications.Channels.Push.Apns;

namespace Notifications.Channels.Tests.Push;

public sealed class ApnsErrorClassifierTests
{
    [Theory]
    [InlineData(410, "Unregistered", DeliveryOutcome.AddressGone)]
    [InlineData(410, "ExpiredToken", DeliveryOutcome.AddressGone)]
    [InlineData(400, "BadDeviceToken", DeliveryOutcome.AddressGone)]
    [InlineData(400, "DeviceTokenNotForTopic", DeliveryOutcome.PermanentFailure)]
    [InlineData(400, "BadCollapseId", DeliveryOutcome.PermanentFailure)]
    [InlineData(400, "BadTopic", DeliveryOutcome.PermanentFailure)]
    [InlineData(403, "Forbidden", DeliveryOutcome.PermanentFailure)]
    [InlineData(403, "InvalidProviderToken", DeliveryOutcome.PermanentFailure)]
    [InlineData(403, "ExpiredProviderToken", DeliveryOutcome.RetryLater)]
    [InlineData(413, "PayloadTooLarge", DeliveryOutcome.PermanentFailure)]
    [InlineData(429, "TooManyRequests", DeliveryOutcome.RetryLater)]
    [InlineData(429, "TooManyProviderTokenUpdates", DeliveryOutcome.RetryLater)]
    [InlineData(500, "InternalServerError", DeliveryOutcome.RetryLater)]
    [InlineData(503, "ServiceUnavailable", DeliveryOutcome.RetryLater)]
    [InlineData(503, null, DeliveryOutcome.RetryLater)]
    public void Classifies_apns_answers(int status, string? reason, DeliveryOutcome outcome)
    {
        Assert.Equal(outcome, ApnsErrorClassifier.Classify((HttpStatusCode)status, reason, null).Outcome);
    }

    [Fact]
    public void Configuration_errors_name_the_settings()
    {
        Assert.Contains("Notifications:Push:Apns:KeyId", ApnsErrorClassifier.Classify(HttpStatusCode.Forbidden, "InvalidProviderToken", null).Error);
        Assert.Contains("Notifications:Push:Apns:BundleId", ApnsErrorClassifier.Classify(HttpStatusCode.BadRequest, "DeviceTokenNotForTopic", null).Error);
    }
}
