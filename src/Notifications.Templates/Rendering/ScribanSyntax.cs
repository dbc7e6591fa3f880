using Scriban;
using Scriban.Parsing;

namespace Notifications.Templates.Rendering;

/// <summary>The one way templates are parsed, so that validation and rendering agree on what is valid.</summary>
internal static class ScribanSyntax
{
    // Decimal literals keep money arithmetic exact (0.1 + 0.2 is 0.3), like the decimals read from the request data.
    private static readonly ParserOptions Parser = new() { ParseFloatAsDecimal = true, ExpressionDepthLimit = 64 };
    private static readonly LexerOptions Lexer = new() { Mode = ScriptMode.Default, Lang = ScriptLang.Default };

    public static Template Parse(string source) => Template.Parse(source, sourceFilePath: null, Parser, Lexer);
}
