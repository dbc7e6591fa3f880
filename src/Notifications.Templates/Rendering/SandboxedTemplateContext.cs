using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Notifications.Templates.Fields;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace Notifications.Templates.Rendering;

/// <summary>
/// The context one field renders in: no file access, no .NET objects beyond plain values, bounded loops, recursion,
/// string sizes, output and time, and the field's encoding applied to everything an expression writes.
/// </summary>
internal sealed class SandboxedTemplateContext : TemplateContext
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly FieldEncoding _encoding;
    private readonly int _maxLength;

    public SandboxedTemplateContext(
        SandboxGlobals globals, FieldEncoding encoding, RecipientFormat reader, TemplateOptions options, CancellationToken deadline)
        : base(globals.Builtins)
    {
        _encoding = encoding;
        _maxLength = options.MaxFieldLength;
        Reader = reader;

        TemplateLoader = RefusingTemplateLoader.Instance;
        MemberFilter = SandboxMembers.IsExposed;
        LoopLimit = options.LoopLimit;
        RecursiveLimit = options.RecursiveLimit;
        LimitToString = options.MaxFieldLength;
        OnStringLimit = ScriptLimitBehavior.Throw;
        OutputLimit = options.MaxFieldLength;
        OnOutputLimit = ScriptLimitBehavior.Throw;
        RegexTimeOut = options.RenderTimeout;
        CancellationToken = deadline;
        NewLine = "\n";

        // JSON needs invariant numbers (1.5, not 1,5); other fields print numbers as the reader writes them.
        if (encoding != FieldEncoding.Json)
        {
            PushCulture(reader.Culture);
        }

        PushGlobal(globals.Functions);
    }

    /// <summary>The recipient's culture and time zone, for the formatting functions.</summary>
    public RecipientFormat Reader { get; }

    /// <summary>The characters written so far; at the limit when the output limit stopped the rendering.</summary>
    public int OutputLength => Output is StringBuilderOutput output ? output.Builder.Length : 0;

    public bool IsAtOutputLimit => OutputLength >= _maxLength;

    /// <summary>Everything an expression prints passes here (literal template text does not): encode it for the field.</summary>
    public override TemplateContext Write(SourceSpan span, object? textAsObject) => textAsObject switch
    {
        null => this,
        RawOutput raw => Write(raw.Text),
        _ when _encoding == FieldEncoding.Html => Write(Html.Encode(ObjectToString(textAsObject) ?? "")),
        string text when _encoding == FieldEncoding.Json => Write(JsonStringContent(text)),
        bool or IConvertible and not char and not DateTime or IEnumerable when _encoding == FieldEncoding.Json =>
            Write(ScriptData.ToJson(textAsObject, value => ObjectToString(value), _maxLength)),
        _ when _encoding == FieldEncoding.Json => Write(JsonStringContent(ObjectToString(textAsObject) ?? "")),
        _ => base.Write(span, textAsObject),
    };

    public override string? ObjectToString(object? value, bool nested = false) =>
        value is RawOutput raw ? raw.Text : base.ObjectToString(value, nested);

    /// <summary>A string escaped to sit between the quotes a JSON template writes around it.</summary>
    private static string JsonStringContent(string text) => System.Text.Json.JsonEncodedText.Encode(text, ScriptData.JsonEncoder).Value;
}
