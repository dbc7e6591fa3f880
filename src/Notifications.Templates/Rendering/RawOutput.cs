namespace Notifications.Templates.Rendering;

/// <summary>Text a template marked with <c>raw</c>: written as it is, even in an HTML or JSON field.</summary>
internal sealed record RawOutput(string Text)
{
    public override string ToString() => Text;
}
