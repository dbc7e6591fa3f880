using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.Templates.Files;

/// <summary>
/// Serves the notification types of the template folder, loaded once when it is created: version 1 of each type,
/// the same for every tenant. An invalid folder fails the creation, and so the application's start-up.
/// </summary>
public sealed partial class FileTemplateProvider : ITemplateProvider
{
    private readonly IReadOnlyDictionary<string, TemplateSet> _sets;

    public FileTemplateProvider(IOptions<TemplateOptions> options, ILogger<FileTemplateProvider> logger)
    {
        var directory = Path.GetFullPath(options.Value.Directory);
        _sets = TemplateFolder.Load(directory);
        LogLoaded(logger, _sets.Count, directory);
    }

    /// <summary>Every type in the folder.</summary>
    public IReadOnlyCollection<TemplateSet> All => [.. _sets.Values];

    public ValueTask<TemplateSet?> GetActiveAsync(string tenant, string type, CancellationToken ct) =>
        ValueTask.FromResult(Find(type));

    public ValueTask<TemplateSet?> GetVersionAsync(string tenant, string type, int version, CancellationToken ct) =>
        ValueTask.FromResult(version == TemplateFolder.FileVersion ? Find(type) : null);

    /// <summary>The folder's version of a type, or null when the folder does not have it.</summary>
    public TemplateSet? Find(string type) => _sets.GetValueOrDefault(type);

    [LoggerMessage(LogLevel.Information, "Loaded {Count} notification type(s) from {Directory}")]
    private static partial void LogLoaded(ILogger logger, int count, string directory);
}
