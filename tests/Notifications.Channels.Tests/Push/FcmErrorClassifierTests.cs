using System.Net;
using Microsoft.Extensions.Time.Testing;
using Notifications.Channels.Push.Fcm;
using Notifications.Testing.Fcm;

namespace Notifications.Channels.Tests.Push;

public sealed class FcmErrorClassifierTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public static TheoryData<int, string, DeliveryOutcome> Answers => new()
    {
        { 404, FcmErrorBodies.Unregistered, DeliveryOutcome.AddressGone },
        { 403, FcmErrorBodies.SenderIdMismatch, DeliveryOutcome.AddressGone },
        { 400, FcmErrorBodies.InvalidToken, DeliveryOutcome.AddressGone },
        { 400, FcmErrorBodies.InvalidTokenField, DeliveryOutcome.AddressGone },
        { 400, FcmErrorBodies.InvalidData, DeliveryOutcome.PermanentFailure },
        { 429, FcmErrorBodies.QuotaExceeded, DeliveryOutcome.RetryLater },
        { 401, FcmErrorBodies.ThirdPartyAuth, DeliveryOutcome.PermanentFailure },
        { 500, FcmErrorBodies.Internal, DeliveryOutcome.RetryLater },
        { 503, "", DeliveryOutcome.RetryLater },
        { 404, "<html>Not Found</html>", DeliveryOutcome.PermanentFailure },
        { 403, """{"error":{"code":403,"message":"Permission denied","status":"PERMISSION_DENIED"}}""", DeliveryOutcome.PermanentFailure },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Classifies_fcm_answers(int status, string body, DeliveryOutcome outcome)
    {
        Assert.Equal(outcome, FcmErrorClassifier.Classify((HttpStatusCode)status, FcmError.Parse(body), null, time).Outcome);
    }

    [Fact]
    public void Quota_back_off_is_at_least_a_minute_and_longer_when_fcm_asks()
    {
        var error = FcmError.Parse(FcmErrorBodies.QuotaExceeded);

        Assert.Equal(time.GetUtcNow().AddMinutes(1), FcmErrorClassifier.Classify(HttpStatusCode.TooManyRequests, error, time.GetUtcNow().AddSeconds(5), time).RetryAt);
        Assert.Equal(time.GetUtcNow().AddMinutes(5), FcmErrorClassifier.Classify(HttpStatusCode.TooManyRequests, error, time.GetUtcNow().AddMinutes(5), time).RetryAt);
    }

    [Fact]
    public void Reads_the_fcm_error_code_from_the_details()
    {
        var error = FcmError.Parse(FcmErrorBodies.Unregistered);

        Assert.Equal(new FcmError("NOT_FOUND", "UNREGISTERED", "Requested entity was not found.", false), error);
        Assert.Null(FcmError.Parse("not json"));
        Assert.Null(FcmError.Parse("""{"error":"invalid"}"""));
    }
}
