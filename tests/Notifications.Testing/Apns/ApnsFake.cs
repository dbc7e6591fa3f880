using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Notifications.Testing.Peers;

namespace Notifications.Testing.Apns;

/// <summary>
/// A fake APNs: a Node.js <c>http2.createSecureServer</c> on 127.0.0.1 with a self-signed certificate made for the test.
/// It records every request (method, path, headers, body) and answers 200 with the request's <c>apns-id</c>, unless a
/// test scripted an error for a device token with <see cref="ScriptAsync"/>.
/// </summary>
public sealed class ApnsFake : IAsyncDisposable
{
    private readonly NodeProcess node;
    private readonly string folder;
    private readonly ConcurrentQueue<ApnsRequest> requests = new();
    private int scriptSequence;

    private ApnsFake(NodeProcess node, string folder, int port, string certificatePath)
    {
        this.node = node;
        this.folder = folder;
        Port = port;
        CertificatePath = certificatePath;
        node.LinePrinted += Collect;
    }

    public int Port { get; }

    public string BaseUrl => $"https://127.0.0.1:{Port}";

    /// <summary>The server's self-signed certificate (PEM): what a client must be told to trust.</summary>
    public string CertificatePath { get; }

    public IReadOnlyList<ApnsRequest> Requests => [.. requests];

    public static async Task<ApnsFake> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "apns-fake-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var (certificatePath, keyPath) = WriteSelfSignedCertificate(folder);
        var script = Path.Combine(folder, "apns-fake.js");
        await File.WriteAllTextAsync(script, Script);

        var node = NodeProcess.Start(folder, script, certificatePath, keyPath);
        try
        {
            var ready = await node.WaitForLineAsync(line => line.StartsWith("{\"listening\"", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            var port = JsonNode.Parse(ready)!["listening"]!.GetValue<int>();
            return new ApnsFake(node, folder, port, certificatePath);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next <paramref name="times"/> requests for <paramref name="deviceToken"/> get this status and reason.</summary>
    public async Task ScriptAsync(string deviceToken, int status, string? reason, int times = 1, int? retryAfterSeconds = null)
    {
        var id = Interlocked.Increment(ref scriptSequence);
        var command = new JsonObject
        {
            ["id"] = id,
            ["token"] = deviceToken,
            ["status"] = status,
            ["reason"] = reason,
            ["times"] = times,
            ["retryAfter"] = retryAfterSeconds,
        };
        await node.WriteLineAsync(command.ToJsonString());
        await node.WaitForLineAsync(line => line == $"{{\"ack\":{id}}}", TimeSpan.FromSeconds(10));
    }

    public async Task<IReadOnlyList<ApnsRequest>> WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (requests.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} APNs requests, got {requests.Count}. Output:\n{node.Transcript}");
            }

            await Task.Delay(20);
        }

        return Requests;
    }

    public async ValueTask DisposeAsync()
    {
        await node.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private void Collect(string line)
    {
        if (!line.StartsWith("{\"request\"", StringComparison.Ordinal))
        {
            return;
        }

        var request = JsonNode.Parse(line)!["request"]!;
        var headers = request["headers"]!.AsObject().ToDictionary(
            pair => pair.Key, pair => pair.Value!.ToString(), StringComparer.OrdinalIgnoreCase);
        requests.Enqueue(new ApnsRequest(
            request["version"]!.GetValue<string>(),
            request["remotePort"]!.GetValue<int>(),
            headers[":method"],
            headers[":path"],
            headers,
            request["body"]!.GetValue<string>()));
    }

    private static (string Certificate, string Key) WriteSelfSignedCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=apns-fake.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var certificatePath = Path.Combine(folder, "server.crt");
        var keyPath = Path.Combine(folder, "server.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private const string Script = """
        'use strict';
        const http2 = require('node:http2');
        const fs = require('node:fs');
        const crypto = require('node:crypto');
        const readline = require('node:readline');

        const scripted = new Map();
        readline.createInterface({ input: process.stdin }).on('line', (line) => {
          const command = JSON.parse(line);
          const queue = scripted.get(command.token) ?? [];
          for (let i = 0; i < command.times; i++) queue.push(command);
          scripted.set(command.token, queue);
          console.log(JSON.stringify({ ack: command.id }));
        });

        const server = http2.createSecureServer({
          cert: fs.readFileSync(process.argv[2]),
          key: fs.readFileSync(process.argv[3]),
        });
        server.on('request', (req, res) => {
          const chunks = [];
          req.on('data', (chunk) => chunks.push(chunk));
          req.on('end', () => {
            const headers = {};
            for (const [name, value] of Object.entries(req.headers)) headers[name] = String(value);
            console.log(JSON.stringify({ request: { version: req.httpVersion, remotePort: req.socket.remotePort, headers, body: Buffer.concat(chunks).toString('utf8') } }));
            const token = req.headers[':path'].split('/').pop();
            const next = (scripted.get(token) ?? []).shift();
            const apnsId = req.headers['apns-id'] ?? crypto.randomUUID();
            if (!next) {
              res.writeHead(200, { 'apns-id': apnsId });
              res.end();
              return;
            }
            const answer = { 'apns-id': apnsId, 'content-type': 'application/json' };
            if (next.retryAfter) answer['retry-after'] = String(next.retryAfter);
            res.writeHead(next.status, answer);
            res.end(next.reason ? JSON.stringify({ reason: next.reason, timestamp: Date.now() }) : '');
          });
        });
        server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ listening: server.address().port })));
        """;
}

/// <summary>
/// One request the fake APNs received; header names are lower case, HTTP/2 pseudo-headers included. Requests over the
/// same connection share the client port.
/// </summary>
public sealed record ApnsRequest(string HttpVersion, int ClientPort, string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
