using System.Reflection;

namespace Notifications.Templates.Rendering;

/// <summary>
/// The only .NET members a template may read. Templates work on script objects built from the data; the few .NET
/// values they can still meet (a date from <c>date.now</c>, a key/value pair in a loop over an object) expose their
/// plain properties, and nothing else reachable by reflection is visible.
/// </summary>
internal static class SandboxMembers
{
    public static bool IsExposed(MemberInfo member) => member.DeclaringType is { } type
        && (type == typeof(DateTime)
            || type == typeof(DateTimeOffset)
            || type == typeof(TimeSpan)
            || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)));
}
