using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Notifications.Templates.Rendering;

/// <summary>
/// Answers every <c>include</c> with an error: a template sees only the data it is given, never a file.
/// (Without a loader Scriban also refuses, but an explicit one cannot be replaced by a default that reads disk.)
/// </summary>
internal sealed class RefusingTemplateLoader : ITemplateLoader
{
    public static readonly RefusingTemplateLoader Instance = new();

    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) =>
        throw new ScriptRuntimeException(callerSpan, $"include is not allowed: templates cannot read '{templateName}' or any other file");

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        throw new ScriptRuntimeException(callerSpan, "include is not allowed: templates cannot read files");

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        ValueTask.FromException<string?>(new ScriptRuntimeException(callerSpan, "include is not allowed: templates cannot read files"));
}
