using System.Text;
using Scriban.Runtime;

namespace Notifications.Templates.Rendering;

/// <summary>Collects a field's output and stops the rendering the moment it would pass the field's limit.</summary>
internal sealed class LimitedOutput(int maxLength) : IScriptOutput
{
    private readonly StringBuilder _text = new();

    public void Write(string text, int offset, int count)
    {
        if (_text.Length + count > maxLength)
        {
            throw new FieldTooLongException(maxLength);
        }

        _text.Append(text, offset, count);
    }

    public ValueTask WriteAsync(string text, int offset, int count, CancellationToken cancellationToken)
    {
        Write(text, offset, count);
        return ValueTask.CompletedTask;
    }

    public override string ToString() => _text.ToString();
}

/// <summary>A field rendered to more characters than <see cref="TemplateOptions.MaxFieldLength"/>.</summary>
internal sealed class FieldTooLongException(int maxLength) : Exception($"renders to more than {maxLength} characters")
{
    public int MaxLength { get; } = maxLength;
}
