using System.Security.Cryptography;
using System.Text;

namespace Notifications.Channels.Email;

/// <summary>Turns ids into tokens that are safe inside a Message-ID and as a file name.</summary>
internal static class MailIdentifiers
{
    private const int MaxPlainLength = 100;

    /// <summary>
    /// Ids may be chosen by callers: anything beyond letters, digits, '-' and '_' is replaced by a hash of the id, so
    /// no id can climb out of a folder or break a header, and the same id always gives the same token.
    /// </summary>
    public static string Token(string id) =>
        IsPlain(id) ? id : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32];

    private static bool IsPlain(string id) =>
        id.Length is > 0 and <= MaxPlainLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
