using Notifications.Contracts;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Channels;
using Notifications.Channels.Http;
using Notifications.Testing.Http;

namespace Notifications.Grains.Tests.Delivery;

/// <summary>
/// An SMS provider at the network edge: a real HTTP server on 127.0.0.1 whose answers each test scripts per phone
/// number (503, 429 with Retry-After, 400, 200...), and which records every request it got.
/// </summary>
public sealed class FakeSmsProvider : IAsyncDisposable
{
    private readonly LoopbackHttpReceiver _receiver = LoopbackHttpReceiver.Start();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ReceiverAnswer>> _scripts = new();
    private readonly ConcurrentQueue<SmsRequest> _requests = new();
    private readonly TimeProvider _clock;
    private volatile ReceiverAnswer _otherwise = Ok;

    /// <param name="clock">The clock requests are stamped with: the cluster's fake clock when it has one.</param>
    public FakeSmsProvider(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _receiver.AnswerWith(Answer);
    }

    public static ReceiverAnswer Ok => new(200, Body: """{"id":"SM-fake"}""");

    public Uri Endpoint => new($"{_receiver.BaseUrl}/messages");

    public IReadOnlyList<SmsRequest> Requests => [.. _requests];

    /// <summary>Answers the next requests for <paramref name="phone"/> in this order; the last answer repeats.</summary>
    public void Script(string phone, params ReceiverAnswer[] answers) => _scripts[phone] = new ConcurrentQueue<ReceiverAnswer>(answers);

    /// <summary>What numbers without a script get.</summary>
    public void AnswerOthersWith(ReceiverAnswer answer) => _otherwise = answer;

    public IReadOnlyList<SmsRequest> RequestsTo(string phone) => [.. _requests.Where(request => request.To == phone)];

    public static ReceiverAnswer Status(int status, int? retryAfterSeconds = null) => new(
        status,
        retryAfterSeconds is { } seconds ? new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null,
        status is >= 200 and < 300 ? """{"id":"SM-fake"}""" : """{"message":"scripted failure"}""");

    public static string NewPhone() => $"+1555{Random.Shared.Next(1_000_000, 9_999_999)}";

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    private ReceiverAnswer Answer(ReceivedHttpRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        var to = body.RootElement.GetProperty("to").GetString()!;
        _requests.Enqueue(new SmsRequest(
            to,
            request.Headers.GetValueOrDefault("Idempotency-Key"),
            body.RootElement.GetProperty("attempt").GetInt32(),
            _clock.GetUtcNow()));
        if (!_scripts.TryGetValue(to, out var script))
        {
            return _otherwise;
        }

        return script.Count > 1 && script.TryDequeue(out var next) ? next : script.TryPeek(out var last) ? last : _otherwise;
    }
}

/// <summary>One request the fake provider received, and when.</summary>
public sealed record SmsRequest(string To, string? IdempotencyKey, int Attempt, DateTimeOffset At);

/// <summary>
/// A test-only SMS sender: posts to the fake provider and classifies its answer like a real provider client would
/// (2xx sent, 429 and 5xx retry later with Retry-After, 410 address gone, other 4xx permanent).
/// </summary>
public sealed class LoopbackSmsSender(Uri endpoint, TimeProvider clock) : IChannelSender
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = JsonContent.Create(new { to = message.Address, text = message.Content.Text, attempt = message.Attempt }),
        };
        request.Headers.Add("Idempotency-Key", message.IdempotencyKey);
        try
        {
            using var response = await Http.SendAsync(request, ct);
            var code = (int)response.StatusCode;
            return code switch
            {
                >= 200 and < 300 => DeliveryResult.Sent($"SM-{message.NotificationId}-{message.Attempt}"),
                429 or >= 500 => DeliveryResult.RetryLater($"The provider answered {code}.", RetryAfter.From(response, clock)),
                410 => DeliveryResult.AddressGone("The provider answered 410."),
                _ => DeliveryResult.Permanent($"The provider refused the message with {code}."),
            };
        }
        catch (HttpRequestException exception)
        {
            return DeliveryResult.RetryLater($"Cannot reach the provider: {exception.Message}");
        }
    }
}
