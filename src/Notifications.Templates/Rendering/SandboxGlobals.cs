using Scriban;
using Scriban.Runtime;

namespace Notifications.Templates.Rendering;

/// <summary>
/// Scriban's builtins and this product's functions, built once and frozen: every render shares them, so no template
/// may change them (<c>string.upcase = ...</c> fails) and nothing leaks from one render, or tenant, to the next.
/// </summary>
internal sealed class SandboxGlobals
{
    public static readonly SandboxGlobals Instance = new();

    private SandboxGlobals()
    {
        Builtins = TemplateContext.GetDefaultBuiltinObject();

        // They would parse text at render time, possibly text taken from the request's data.
        if (Builtins["object"] is ScriptObject objectFunctions)
        {
            objectFunctions.Remove("eval");
            objectFunctions.Remove("eval_template");
        }

        Freeze(Builtins);

        Functions = [];
        Functions.Import(typeof(TemplateFunctions));
        Freeze(Functions);
    }

    public ScriptObject Builtins { get; }

    /// <summary><c>format_date</c>, <c>format_number</c>, <c>format_money</c> and <c>raw</c>.</summary>
    public ScriptObject Functions { get; }

    private static void Freeze(ScriptObject scriptObject)
    {
        foreach (var member in scriptObject.Values)
        {
            if (member is ScriptObject nested && !ReferenceEquals(nested, scriptObject) && !nested.IsReadOnly)
            {
                Freeze(nested);
            }
        }

        scriptObject.IsReadOnly = true;
    }
}
