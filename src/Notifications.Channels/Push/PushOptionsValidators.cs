using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Notifications.Channels.Push.Apns;
using Notifications.Channels.Push.Fcm;

namespace Notifications.Channels.Push;

/// <summary>Fails start-up on FCM settings that would fail every send, naming the key to fix.</summary>
internal sealed class FcmOptionsValidator : IValidateOptions<FcmOptions>
{
    public ValidateOptionsResult Validate(string? name, FcmOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        try
        {
            PushKeyMaterial.FcmCredentialFrom(options);
        }
        catch (Exception invalid) when (invalid is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            failures.Add($"{FcmOptions.SectionName}:ServiceAccountJson/ServiceAccountFile: {invalid.Message}");
        }

        if (!Http.ProviderUrls.IsHttpUrl(options.BaseUrl))
        {
            failures.Add($"{FcmOptions.SectionName}:BaseUrl must be an absolute http(s) URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Fails start-up on APNs settings that would fail every send, naming the key to fix.</summary>
internal sealed class ApnsOptionsValidator : IValidateOptions<ApnsOptions>
{
    public ValidateOptionsResult Validate(string? name, ApnsOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        try
        {
            using var key = PushKeyMaterial.ApnsSigningKeyFrom(options);
        }
        catch (Exception invalid) when (invalid is ArgumentException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            failures.Add($"{ApnsOptions.SectionName}:PrivateKeyPem/PrivateKeyFile is not a P-256 private key in PEM form: {invalid.Message}");
        }

        if (!Http.ProviderUrls.IsHttpUrl(options.EffectiveBaseUrl))
        {
            failures.Add($"{ApnsOptions.SectionName}:BaseUrl must be an absolute http(s) URL.");
        }

        if (options.TimeToLiveSeconds < 0)
        {
            failures.Add($"{ApnsOptions.SectionName}:TimeToLiveSeconds must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Loads the push services' keys from inline settings or files.</summary>
internal static class PushKeyMaterial
{
    public static FcmCredential FcmCredentialFrom(FcmOptions options) => FcmCredential.FromJson(
        string.IsNullOrWhiteSpace(options.ServiceAccountJson) ? File.ReadAllText(options.ServiceAccountFile!) : options.ServiceAccountJson,
        options.ProjectId);

    public static ECDsa ApnsSigningKeyFrom(ApnsOptions options)
    {
        var pem = string.IsNullOrWhiteSpace(options.PrivateKeyPem) ? File.ReadAllText(options.PrivateKeyFile!) : options.PrivateKeyPem;
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                throw new CryptographicException($"The key is on a {key.KeySize}-bit curve; APNs keys are P-256.");
            }

            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
