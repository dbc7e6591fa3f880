using System.Security.Claims;
using System.Text.Json;
using Notifications.Api.Http;
using Notifications.Api.Security;
using Notifications.Domain.History;
using Notifications.Grains;

namespace Notifications.Api.Apis;

/// <summary><c>/api/v1/users</c>: profiles and contacts, and each user's notification history.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/users").WithTags("Users");
        group.MapPut("/{userId}", PutUser).RequireAuthorization(Scopes.Send)
            .Accepts<UserBody>("application/json")
            .Produces<UserResponse>(StatusCodes.Status200OK)
            .Produces<UserResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        group.MapGet("/{userId}", GetUser).RequireAuthorization(Scopes.Read)
            .Produces<UserResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{userId}/notifications", GetHistory).RequireAuthorization(Scopes.Read)
            .Produces<HistoryPage>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{userId}/devices", AddDevice).RequireAuthorization(Scopes.Send)
            .Accepts<DeviceBody>("application/json")
            .Produces<UserResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{userId}/devices/{platform}/{token}", RemoveDevice).RequireAuthorization(Scopes.Send)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{userId}/webpush-subscriptions", AddSubscription).RequireAuthorization(Scopes.Send)
            .Accepts<WebPushSubscriptionBody>("application/json")
            .Produces<UserResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{userId}/webpush-subscriptions", RemoveSubscription).RequireAuthorization(Scopes.Send)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> PutUser(string userId, HttpContext context, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<UserBody>(context);
        if (problem is not null)
        {
            return problem;
        }

        var result = await User(grains, caller, userId).Upsert(new UserProfile(body!.Name, body.Email, body.Phone, body.Locale, body.TimeZone, WebhookUrl: body.WebhookUrl));
        if (!result.IsValid)
        {
            return Problems.Validation(result.Errors);
        }

        var response = UserResponse.From(userId, result.Profile);
        return result.Created ? TypedResults.Created($"/api/v1/users/{userId}", response) : TypedResults.Ok(response);
    }

    private static async Task<IResult> GetUser(string userId, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (!IsValidUserId(userId))
        {
            return UserNotFound(userId);
        }

        return await User(grains, caller, userId).GetProfile() is { } profile
            ? TypedResults.Ok(UserResponse.From(userId, profile))
            : UserNotFound(userId);
    }

    private static async Task<IResult> GetHistory(string userId, int? limit, string? cursor, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (limit is < 1 or > 100)
        {
            return JsonBody.Invalid("limit", "must be between 1 and 100");
        }

        if (!NotificationHistory.IsValidCursor(cursor))
        {
            return JsonBody.Invalid("cursor", "is not a cursor this API returned");
        }

        if (!IsValidUserId(userId))
        {
            return UserNotFound(userId);
        }

        var user = User(grains, caller, userId);
        if (await user.GetProfile() is null)
        {
            return UserNotFound(userId);
        }

        return TypedResults.Ok(await user.GetHistory(limit ?? 20, cursor));
    }

    private static async Task<IResult> AddDevice(string userId, HttpContext context, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<DeviceBody>(context);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(body!.Platform) || string.IsNullOrEmpty(body.Token))
        {
            return JsonBody.Invalid(string.IsNullOrEmpty(body.Platform) ? "platform" : "token", "is required");
        }

        return await AddAddressAsync(userId, caller, grains, Channel.Push, ContactAddresses.Device(body.Platform, body.Token));
    }

    private static async Task<IResult> RemoveDevice(string userId, string platform, string token, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var removed = IsValidUserId(userId)
            && ContactValidation.TryNormalizeDevice(ContactAddresses.Device(platform, token), out var address, out _)
            && await User(grains, caller, userId).RemoveAddress(Channel.Push, address);
        return removed ? TypedResults.NoContent() : Problems.NotFound("token", $"user '{userId}' has no {platform} device with this token");
    }

    private static async Task<IResult> AddSubscription(string userId, HttpContext context, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<WebPushSubscriptionBody>(context);
        if (problem is not null)
        {
            return problem;
        }

        var subscription = ContactValidation.Subscription(body!.Endpoint ?? string.Empty, body.Keys?.P256dh ?? string.Empty, body.Keys?.Auth ?? string.Empty);
        return await AddAddressAsync(userId, caller, grains, Channel.WebPush, subscription);
    }

    private static async Task<IResult> RemoveSubscription(string userId, string? endpoint, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            return JsonBody.Invalid("endpoint", "is required: the subscription's endpoint URL, as a query parameter");
        }

        var removed = IsValidUserId(userId) && await User(grains, caller, userId).RemoveAddress(Channel.WebPush, endpoint);
        return removed ? TypedResults.NoContent() : Problems.NotFound("endpoint", $"user '{userId}' has no web-push subscription with this endpoint");
    }

    private static async Task<IResult> AddAddressAsync(string userId, ClaimsPrincipal caller, IGrainFactory grains, Channel channel, string address)
    {
        if (!ContactValidation.TryNormalize(channel, address, out var normalized, out var error))
        {
            return Problems.Validation([error!]);
        }

        if (!IsValidUserId(userId))
        {
            return UserNotFound(userId);
        }

        var user = User(grains, caller, userId);
        var result = await user.AddAddress(channel, normalized);
        if (result.Errors is [{ Field: "userId" }])
        {
            return UserNotFound(userId);
        }

        return result.IsValid ? TypedResults.Ok(UserResponse.From(userId, result.Profile)) : Problems.Validation(result.Errors);
    }

    internal static IUserGrain User(IGrainFactory grains, ClaimsPrincipal caller, string userId) =>
        grains.GetGrain<IUserGrain>(GrainKeys.Compose(caller.Tenant(), userId));

    internal static bool IsValidUserId(string userId) => RequestValidation.Validate(userId, new UserProfile()).Count == 0;

    internal static IResult UserNotFound(string userId) => Problems.NotFound("userId", $"no user '{userId}' exists");
}

/// <summary>The fields of a user; a field left out keeps its value.</summary>
public sealed record UserBody(string? Name, string? Email, string? Phone, string? Locale, string? TimeZone, string? WebhookUrl = null);

/// <summary>A user with contacts: devices as <c>{platform, token}</c>, web-push subscriptions as the browser gave them.</summary>
public sealed record UserResponse(
    string UserId,
    string? Name,
    string? Email,
    string? Phone,
    string? Locale,
    string? TimeZone,
    IReadOnlyList<DeviceBody> Devices,
    IReadOnlyList<JsonElement> WebPushSubscriptions,
    string? WebhookUrl = null)
{
    public static UserResponse From(string userId, UserProfile profile) => new(
        userId,
        profile.Name,
        profile.Email,
        profile.Phone,
        profile.Locale,
        profile.TimeZone,
        [.. (profile.Devices ?? []).Select(DeviceBody.FromAddress)],
        [.. (profile.WebPushSubscriptions ?? []).Select(subscription => JsonSerializer.Deserialize<JsonElement>(subscription))],
        profile.WebhookUrl);
}

/// <summary>A mobile device: <c>platform</c> is <c>fcm</c> or <c>apns</c>.</summary>
public sealed record DeviceBody(string? Platform, string? Token)
{
    public static DeviceBody FromAddress(string address)
    {
        var separator = address.IndexOf(':', StringComparison.Ordinal);
        return new DeviceBody(address[..Math.Max(separator, 0)], address[(separator + 1)..]);
    }
}

/// <summary>A browser's push subscription, as <c>PushSubscription.toJSON()</c> gives it.</summary>
public sealed record WebPushSubscriptionBody(string? Endpoint, WebPushKeysBody? Keys);

public sealed record WebPushKeysBody(string? P256dh, string? Auth);
