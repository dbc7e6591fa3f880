using System.Text.Json;
using Google.Apis.Auth.OAuth2;

namespace Notifications.Channels.Push.Fcm;

/// <summary>
/// OAuth access tokens for FCM from a service account (Google.Apis.Auth): fetched from the key's <c>token_uri</c>,
/// cached by the library until shortly before they expire.
/// </summary>
public sealed class FcmCredential
{
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";

    private readonly ServiceAccountCredential credential;

    private FcmCredential(ServiceAccountCredential credential, string projectId)
    {
        this.credential = credential;
        ProjectId = projectId;
    }

    public string ProjectId { get; }

    /// <exception cref="InvalidOperationException">The JSON is not a service account key, or no project id is known.</exception>
    public static FcmCredential FromJson(string serviceAccountJson, string? projectId = null)
    {
        ServiceAccountCredential parsed;
        try
        {
            parsed = CredentialFactory.FromJson<ServiceAccountCredential>(serviceAccountJson);
        }
        catch (Exception invalid) when (invalid is InvalidOperationException or JsonException or ArgumentException or FormatException or Newtonsoft.Json.JsonException)
        {
            throw new InvalidOperationException($"The FCM service account is not a valid service account key: {invalid.Message}", invalid);
        }

        var scoped = (ServiceAccountCredential)parsed.ToGoogleCredential().CreateScoped(Scope).UnderlyingCredential;
        var project = string.IsNullOrWhiteSpace(projectId) ? parsed.ProjectId : projectId;
        if (string.IsNullOrWhiteSpace(project))
        {
            throw new InvalidOperationException("The FCM project id is unknown: set ProjectId or use a key with project_id.");
        }

        return new FcmCredential(scoped, project);
    }

    /// <summary>A valid access token, fetched only when the cached one is about to expire.</summary>
    public Task<string> GetAccessTokenAsync(CancellationToken ct) => credential.GetAccessTokenForRequestAsync(cancellationToken: ct);

    /// <summary>Fetches a new access token, for when FCM refused the cached one.</summary>
    public async Task<string> RefreshAccessTokenAsync(CancellationToken ct)
    {
        await credential.RequestAccessTokenAsync(ct);
        return credential.Token.AccessToken;
    }
}
