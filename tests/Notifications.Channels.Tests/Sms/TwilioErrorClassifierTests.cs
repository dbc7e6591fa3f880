using System.Net;
using Notifications.Channels.Sms;

namespace Notifications.Channels.Tests.Sms;

public sealed class TwilioErrorClassifierTests
{
    [Theory]
    [InlineData(400, 21211, DeliveryOutcome.PermanentFailure)]
    [InlineData(400, 21614, DeliveryOutcome.PermanentFailure)]
    [InlineData(400, 21612, DeliveryOutcome.PermanentFailure)]
    [InlineData(400, 21608, DeliveryOutcome.PermanentFailure)]
    [InlineData(400, 21610, DeliveryOutcome.PermanentFailure)]
    [InlineData(401, 20003, DeliveryOutcome.PermanentFailure)]
    [InlineData(400, 21606, DeliveryOutcome.PermanentFailure)]
    [InlineData(429, 20429, DeliveryOutcome.RetryLater)]
    [InlineData(429, null, DeliveryOutcome.RetryLater)]
    [InlineData(500, null, DeliveryOutcome.RetryLater)]
    [InlineData(503, 20500, DeliveryOutcome.RetryLater)]
    [InlineData(400, 21602, DeliveryOutcome.PermanentFailure)]
    [InlineData(404, 20404, DeliveryOutcome.PermanentFailure)]
    public void Classifies_twilio_answers(int status, int? code, DeliveryOutcome outcome)
    {
        Assert.Equal(outcome, TwilioErrorClassifier.Classify((HttpStatusCode)status, code, "message", null).Outcome);
    }

    [Fact]
    public void Stop_replies_are_marked_as_an_opt_out()
    {
        var result = TwilioErrorClassifier.Classify(HttpStatusCode.BadRequest, 21610, "Attempt to send to unsubscribed recipient", null);

        Assert.StartsWith(SmsFailures.OptedOutPrefix, result.Error);
        Assert.True(SmsFailures.IsOptedOut(result));
        Assert.False(SmsFailures.IsOptedOut(TwilioErrorClassifier.Classify(HttpStatusCode.BadRequest, 21211, "invalid", null)));
    }

    [Theory]
    [InlineData(401, 20003, "Notifications:Sms:Twilio:AuthToken")]
    [InlineData(400, 21606, "Notifications:Sms:Twilio:From")]
    public void Configuration_errors_name_the_setting(int status, int code, string key)
    {
        var result = TwilioErrorClassifier.Classify((HttpStatusCode)status, code, "message", null);

        Assert.Contains("SMS configuration error", result.Error);
        Assert.Contains(key, result.Error);
    }

    [Fact]
    public void Rate_limits_keep_the_retry_instant()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(30);

        Assert.Equal(at, TwilioErrorClassifier.Classify(HttpStatusCode.TooManyRequests, 20429, "Too Many Requests", at).RetryAt);
    }
}
