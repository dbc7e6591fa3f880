using System.Diagnostics;
using System.Net;

namespace Notifications.Benchmarks.Load;

/// <summary>
/// HTTP load over loopback from one <see cref="HttpClient"/>: closed (a fixed number of requests in flight, each sent as
/// soon as the previous one is answered) or paced (requests due at a fixed rate, latency counted from the moment each
/// was due, so a slow server cannot hide its queue by slowing the sender).
/// </summary>
public sealed class HttpLoad(HttpClient http)
{
    public HttpClient Client => http;

    /// <summary>A request that was answered with the expected status, and when (a <see cref="Stopwatch"/> timestamp).</summary>
    public delegate void SuccessHandler(int index, HttpResponseMessage response, long answeredAt);

    /// <summary>A client for load: one connection per request in flight, no proxy, no cookies, no redirects.</summary>
    public static HttpClient CreateClient(Uri baseAddress, int connections, string? apiKey) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestHeaders = { Authorization = apiKey is null ? null : new("Bearer", apiKey) },
        };

    public async Task<PhaseResult> RunClosedAsync(
        string name, int count, int concurrency, Func<int, HttpRequestMessage> request, HttpStatusCode expected,
        SuccessHandler? onSuccess, CancellationToken ct)
    {
        var recorder = new Recorder(name, count);
        var next = -1;
        async Task WorkAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count && !ct.IsCancellationRequested)
            {
                await recorder.SendAsync(http, index, request(index), Stopwatch.GetTimestamp(), expected, onSuccess, ct);
            }
        }

        await using (ProgressLine.Show(recorder.Status))
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(WorkAsync, CancellationToken.None)));
        }

        return recorder.Result(ct.IsCancellationRequested);
    }

    public async Task<PhaseResult> RunPacedAsync(
        string name, int count, double perSecond, int maxInFlight, Func<int, HttpRequestMessage> request, HttpStatusCode expected,
        SuccessHandler? onSuccess, CancellationToken ct)
    {
        var recorder = new Recorder(name, count);
        using var inFlight = new SemaphoreSlim(maxInFlight);
        var sends = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        await using (ProgressLine.Show(recorder.Status))
        {
            try
            {
                for (var index = 0; index < count; index++)
                {
                    var due = start + (long)(index * Stopwatch.Frequency / perSecond);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(wait, ct);
                    }

                    await inFlight.WaitAsync(ct);
                    sends.Add(SendThenReleaseAsync(index, due));
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Out of time: what was sent is still awaited below.
            }

            await Task.WhenAll(sends);
        }

        return recorder.Result(ct.IsCancellationRequested);

        async Task SendThenReleaseAsync(int index, long due)
        {
            try
            {
                await recorder.SendAsync(http, index, request(index), due, expected, onSuccess, ct);
            }
            finally
            {
                inFlight.Release();
            }
        }
    }

    private sealed class Recorder(string name, int count)
    {
        private readonly long[] latencies = new long[count];
        private readonly bool[] succeeded = new bool[count];
        private readonly long started = Stopwatch.GetTimestamp();
        private long lastAnswer;
        private int successes;
        private int failures;
        private string? firstError;

        public async Task SendAsync(
            HttpClient http, int index, HttpRequestMessage message, long since, HttpStatusCode expected, SuccessHandler? onSuccess, CancellationToken ct)
        {
            try
            {
                using (message)
                using (var response = await http.SendAsync(message, ct))
                {
                    var answeredAt = Stopwatch.GetTimestamp();
                    InterlockedMax(ref lastAnswer, answeredAt);
                    if (response.StatusCode == expected)
                    {
                        latencies[index] = answeredAt - since;
                        succeeded[index] = true;
                        Interlocked.Increment(ref successes);
                        onSuccess?.Invoke(index, response, answeredAt);
                    }
                    else
                    {
                        Fail($"{(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(await response.Content.ReadAsStringAsync(ct))}");
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Out of time: neither a success nor a failure.
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                Fail(exception.Message);
            }
        }

        public string Status()
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var done = Volatile.Read(ref successes);
            return $"{name}: {done:N0}/{count:N0} ({done / Math.Max(seconds, 0.001):N0}/s), {Volatile.Read(ref failures):N0} failed";
        }

        public PhaseResult Result(bool cancelled)
        {
            var end = Volatile.Read(ref lastAnswer);
            var seconds = end == 0 ? 0 : Stopwatch.GetElapsedTime(started, end).TotalSeconds;
            var ok = latencies.Where((_, index) => succeeded[index]);
            return new PhaseResult(
                name,
                count,
                successes,
                failures,
                Math.Round(seconds, 3),
                seconds > 0 ? successes / seconds : 0,
                LatencySummary.FromTicks(ok),
                firstError,
                cancelled && successes + failures < count);
        }

        private void Fail(string error)
        {
            Interlocked.Increment(ref failures);
            Interlocked.CompareExchange(ref firstError, error, null);
        }

        private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

        private static void InterlockedMax(ref long target, long value)
        {
            long current;
            while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
