using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Notifications.Testing.Fcm;

/// <summary>A service account key made for the test: a fresh RSA key, and a token_uri on the local fake.</summary>
public sealed class FcmTestAccount : IDisposable
{
    public const string ProjectId = "acme-test";
    public const string ClientEmail = "notifier@acme-test.iam.gserviceaccount.com";

    public FcmTestAccount(string tokenUri)
    {
        Key = RSA.Create(2048);
        Json = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = ProjectId,
            ["private_key_id"] = "key-1",
            ["private_key"] = Key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = ClientEmail,
            ["client_id"] = "1234567890",
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = tokenUri,
        }.ToJsonString();
    }

    public RSA Key { get; }

    public string Json { get; }

    public void Dispose() => Key.Dispose();
}
