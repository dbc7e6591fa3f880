namespace Notifications.Templates.Files;

/// <summary>The template folder cannot be used; each error names the file, and the line and column when known.</summary>
public sealed class TemplateFolderException(string directory, IReadOnlyList<string> errors)
    : Exception($"The template folder '{directory}' has {errors.Count} error(s):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}")
{
    public string Directory { get; } = directory;

    /// <summary>One entry per problem, such as <c>templates/welcome/en/email.subject.sbn(1,12): error: ...</c>.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
