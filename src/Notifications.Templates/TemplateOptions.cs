namespace Notifications.Templates;

/// <summary><c>Notifications:Templates</c>: where the template folder is and how far a template may go when it renders.</summary>
public sealed class TemplateOptions
{
    public const string Section = "Notifications:Templates";

    /// <summary>The templates-as-code folder; by default <c>templates</c> next to the application.</summary>
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "templates");

    /// <summary>The longest text one field may render to, in characters; longer intermediate strings fail too.</summary>
    public int MaxFieldLength { get; set; } = 256 * 1024;

    /// <summary>How long one channel may take to render, all its fields together.</summary>
    public TimeSpan RenderTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Iterations allowed across the nested loops of one field.</summary>
    public int LoopLimit { get; set; } = 10_000;

    /// <summary>How deep template functions may call themselves.</summary>
    public int RecursiveLimit { get; set; } = 50;

    /// <summary>
    /// How long a silo trusts what it last heard about a type's active version before asking again. The silo that made
    /// the change knows at once; others within this time. Versions themselves never change, so they are never asked twice.
    /// </summary>
    public TimeSpan ActiveVersionRefresh { get; set; } = TimeSpan.FromSeconds(1);
}
