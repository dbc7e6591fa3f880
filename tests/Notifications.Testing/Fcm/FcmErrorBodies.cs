namespace Notifications.Testing.Fcm;

/// <summary>Error bodies in the shape FCM HTTP v1 answers with.</summary>
public static class FcmErrorBodies
{
    public const string Unregistered = """
        {"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND",
          "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}
        """;

    public const string SenderIdMismatch = """
        {"error":{"code":403,"message":"SenderId mismatch","status":"PERMISSION_DENIED",
          "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"SENDER_ID_MISMATCH"}]}}
        """;

    public const string InvalidToken = """
        {"error":{"code":400,"message":"The registration token is not a valid FCM registration token","status":"INVALID_ARGUMENT",
          "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INVALID_ARGUMENT"}]}}
        """;

    public const string InvalidTokenField = """
        {"error":{"code":400,"message":"Invalid value at 'message.token'","status":"INVALID_ARGUMENT",
          "details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"message.token","description":"Invalid registration token"}]}]}}
        """;

    public const string InvalidData = """
        {"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"colour\" at 'message.android.notification'","status":"INVALID_ARGUMENT",
          "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INVALID_ARGUMENT"}]}}
        """;

    public const string QuotaExceeded = """
        {"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED",
          "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"QUOTA_EXCEEDED"}]}}
        """;

    public const string ThirdPartyAuth = """
        {"error":{"code":401,"message":"Auth error from APNS or Web Push Service","status":"UNAUTHENTICATED",
          "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"THIRD_PARTY_AUTH_ERROR"}]}}
        """;

    public const string Internal = """
        {"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL",
          "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INTERNAL"}]}}
        """;
}
