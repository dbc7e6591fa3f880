using System.Collections.Concurrent;
using Notifications.Templates.Fields;
using Scriban;

namespace Notifications.Templates.Rendering;

/// <summary>
/// Parsed templates per type, version, locale, channel and field, so that rendering never parses twice. The source is
/// part of the key too: a set carries no tenant, and two tenants may both have a "welcome" version 2 that differ.
/// </summary>
internal sealed class CompiledTemplateCache(int capacity = CompiledTemplateCache.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<Key, Template> _templates = new();
    private long _compilations;
    private long _hits;

    /// <summary>How many sources were parsed: once per distinct template field, however often it renders.</summary>
    public long Compilations => Interlocked.Read(ref _compilations);

    /// <summary>How many renders of a field found it already parsed.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public Template GetOrCompile(string type, int version, string locale, Channel channel, TemplateField field, string source)
    {
        var key = new Key(type, version, locale, channel, field, source);
        if (_templates.TryGetValue(key, out var template))
        {
            Interlocked.Increment(ref _hits);
            return template;
        }

        // Old versions pile up as templates change; starting over now and then is cheaper than tracking their use.
        if (_templates.Count >= capacity)
        {
            _templates.Clear();
        }

        return _templates.GetOrAdd(key, static (key, cache) => cache.Compile(key.Source), this);
    }

    private Template Compile(string source)
    {
        Interlocked.Increment(ref _compilations);
        return ScribanSyntax.Parse(source);
    }

    private readonly record struct Key(string Type, int Version, string Locale, Channel Channel, TemplateField Field, string Source);
}
