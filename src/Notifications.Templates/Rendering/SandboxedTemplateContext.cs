using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
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
        PushOutput(new LimitedOutput(options.MaxFieldLength));
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

    /// <summary>Everything an expression prints passes here (literal template text does not): encode it for the field.</summary>
    public override TemplateContext Write(SourceSpan span, object? textAsObject) => textAsObject switch
    {
        null => this,
        RawOutput raw => Write(raw.Text),
        _ => _encoding switch
        {
            FieldEncoding.Html => Write(Html.Encode(ObjectToString(textAsObject) ?? "")),
            FieldEncoding.Json => Write(AsJson(textAsObject)),
            _ => base.Write(span, textAsObject),
        },
    };

    public override string? ObjectToString(object? value, bool nested = false) =>
        value is RawOutput raw ? raw.Text : base.ObjectToString(value, nested);

    /// <summary>
    /// Text is escaped to sit between the quotes the template writes around it (<c>"{{ user.name }}"</c>); numbers,
    /// booleans, objects and arrays are written as JSON values (<c>{{ data.items }}</c>).
    /// </summary>
    private string AsJson(object value) => value switch
    {
        string or char or DateTime or DateTimeOffset => JsonEncodedText.Encode(ObjectToString(value) ?? "", ScriptData.JsonEncoder).Value,
        bool or IEnumerable or IConvertible => ScriptData.ToJson(value, member => ObjectToString(member), _maxLength),
        _ => JsonEncodedText.Encode(ObjectToString(value) ?? "", ScriptData.JsonEncoder).Value,
    };
}
