using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Notifications.Channels.Push.Apns;

/// <summary>The one long-lived HTTP/2 handler of the APNs client.</summary>
internal static class ApnsHandler
{
    public static SocketsHttpHandler Create(ApnsOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(30),
            KeepAlivePingDelay = TimeSpan.FromMinutes(1),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };

        if (!string.IsNullOrWhiteSpace(options.TrustedServerCertificateFile))
        {
            var trusted = X509CertificateLoader.LoadCertificateFromFile(options.TrustedServerCertificateFile);
            var trustedHash = trusted.GetCertHash(HashAlgorithmName.SHA256);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None ||
                (certificate is not null && CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), trustedHash));
        }

        return handler;
    }
}
