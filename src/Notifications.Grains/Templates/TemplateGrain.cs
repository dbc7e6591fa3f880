using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Grains.Hosting;
using Notifications.Templates;
using Notifications.Templates.Files;
using Notifications.Templates.Validation;
using Notifications.Templates.Versions;
using Orleans.Storage;

namespace Notifications.Grains.Templates;

/// <summary>
/// One notification type of one tenant. Its index is small and rewritten on each change; each version's templates are
/// written once under a state name of their own (<c>template-version-{n}</c>), so activating, rolling back or deleting
/// never rewrites any templates, and a save writes only the new version. At most
/// <see cref="TemplateVersioning.MaxVersionsKept"/> versions are kept.
/// </summary>
[GrainType("template")]
public sealed partial class TemplateGrain(
    [PersistentState("template-index", StorageNames.Templates)] IPersistentState<TemplateIndexState> index,
    [FromKeyedServices(StorageNames.Templates)] IGrainStorage storage,
    FileTemplateProvider folder,
    TemplateVersionCache cache,
    TimeProvider clock,
    ILogger<TemplateGrain> logger)
    : Grain, ITemplateGrain
{
    /// <summary>Templates read from storage, kept while the grain lives; a few suffice, silos keep their own copies.</summary>
    private const int LoadedKept = 8;

    private readonly Dictionary<int, TemplateSet> _loaded = [];

    private TemplateIndexState State => index.State;

    private (string Tenant, string Type) Key => GrainKeys.Split(this.GetPrimaryKeyString());

    private TemplateSet? FolderVersion => folder.Find(Key.Type);

    private int? ActiveVersion => State.Deleted
        ? null
        : State.ActiveVersion ?? (FolderVersion is null ? null : TemplateFolder.FileVersion);

    private bool Exists => FolderVersion is not null || State.Versions.Count > 0;

    public async Task<TemplateSaveResult> Save(TemplateSet draft, bool? activate)
    {
        var type = Key.Type;
        var version = TemplateVersioning.Next(State.LatestVersion);
        var templates = draft with { Type = type, Version = version };
        var errors = draft.Type == type
            ? TemplateValidator.Validate(templates)
            : [new TemplateError($"type '{draft.Type}' does not match the type '{type}' being saved")];
        if (errors.Count > 0)
        {
            return new TemplateSaveResult(TemplateSaveOutcome.Invalid, null, errors);
        }

        var fingerprint = TemplateFingerprint.Of(templates);
        if (Newest() is { } newest && newest.Fingerprint == fingerprint)
        {
            if (ActiveVersion != newest.Version && TemplateVersioning.ActivatesOnSave(activate, ActiveVersion))
            {
                await ListAsync();
                await MakeActiveAsync(newest.Version);
            }

            return new TemplateSaveResult(TemplateSaveOutcome.Unchanged, await DetailsAsync(newest), []);
        }

        if (!await ListAsync())
        {
            return new TemplateSaveResult(TemplateSaveOutcome.TooManyTypes, null,
                [new TemplateError($"the tenant already has {TemplateCatalogGrain.MaxTypes} notification types; delete one first")]);
        }

        await WriteTemplatesAsync(version, templates);
        var info = InfoOf(templates, TemplateSource.Api, clock.GetUtcNow(), fingerprint);
        State.Versions.Add(info);
        State.LatestVersion = version;
        _loaded[version] = templates;
        if (TemplateVersioning.ActivatesOnSave(activate, ActiveVersion))
        {
            SetActive(version);
        }

        var forgotten = TemplateVersioning.ToForget([.. State.Versions.Select(kept => kept.Version)], ActiveVersion);
        State.Versions.RemoveAll(kept => forgotten.Contains(kept.Version));
        await index.WriteStateAsync();
        Publish();
        foreach (var old in forgotten)
        {
            await ForgetTemplatesAsync(old);
        }

        return new TemplateSaveResult(TemplateSaveOutcome.Created, new TemplateVersionDetails(info, ActiveVersion == version, templates), []);
    }

    public Task<ActiveTemplateVersion> GetActiveVersion() => Task.FromResult(new ActiveTemplateVersion(ActiveVersion, State.Revision));

    public async Task<TemplateSet?> GetVersion(int version)
    {
        if (version == TemplateFolder.FileVersion)
        {
            return FolderVersion;
        }

        if (!State.Versions.Exists(kept => kept.Version == version))
        {
            return null;
        }

        if (_loaded.TryGetValue(version, out var loaded))
        {
            return loaded;
        }

        var stored = new GrainState<TemplateVersionState>(new TemplateVersionState());
        await storage.ReadStateAsync(StateNameOf(version), this.GetGrainId(), stored);
        if (stored.State?.Templates is not { } templates)
        {
            LogMissingTemplates(logger, this.GetPrimaryKeyString(), version);
            return null;
        }

        if (_loaded.Count >= LoadedKept)
        {
            _loaded.Clear();
        }

        _loaded[version] = templates;
        return templates;
    }

    public async Task<TemplateVersionDetails?> GetDetails(int? version) =>
        (version ?? ActiveVersion) is { } number && InfoOf(number) is { } info ? await DetailsAsync(info) : null;

    public Task<TemplateHistory?> GetHistory() => Task.FromResult(
        Exists ? new TemplateHistory(Key.Type, ActiveVersion, State.Deleted, Kept()) : null);

    public async Task<TemplateVersionInfo?> Activate(int version)
    {
        if (InfoOf(version) is not { } info)
        {
            return null;
        }

        if (ActiveVersion != version)
        {
            await ListAsync();
            await MakeActiveAsync(version);
        }

        return info;
    }

    public async Task<bool> Delete()
    {
        if (!Exists || State.Deleted)
        {
            return false;
        }

        State.Deleted = true;
        State.ActiveVersion = null;
        State.Revision++;
        await index.WriteStateAsync();
        Publish();
        await Catalog.Remove(Key.Type);
        return true;
    }

    private ITemplateCatalogGrain Catalog => GrainFactory.GetGrain<ITemplateCatalogGrain>(Key.Tenant);

    /// <summary>Puts the type in its tenant's catalog before it is stored or revived, so that a listing finds it.</summary>
    private async Task<bool> ListAsync() =>
        (index.RecordExists && !State.Deleted) || await Catalog.Add(Key.Type);

    private async Task MakeActiveAsync(int version)
    {
        SetActive(version);
        await index.WriteStateAsync();
        Publish();
    }

    private void SetActive(int version)
    {
        State.ActiveVersion = version;
        State.Deleted = false;
        State.Revision++;
    }

    /// <summary>Tells this silo at once; the others hear of it within <see cref="TemplateOptions.ActiveVersionRefresh"/>.</summary>
    private void Publish() => cache.OnActiveChanged(Key.Tenant, Key.Type, new ActiveTemplateVersion(ActiveVersion, State.Revision));

    private List<TemplateVersionInfo> Kept()
    {
        var kept = new List<TemplateVersionInfo>(State.Versions.Count + 1);
        if (FolderVersion is { } file)
        {
            kept.Add(InfoOf(file, TemplateSource.File, null, TemplateFingerprint.Of(file)));
        }

        kept.AddRange(State.Versions);
        return kept;
    }

    private TemplateVersionInfo? Newest() => Kept() is [.., var newest] ? newest : null;

    private TemplateVersionInfo? InfoOf(int version) => Kept().Find(kept => kept.Version == version);

    private async Task<TemplateVersionDetails?> DetailsAsync(TemplateVersionInfo info) =>
        await GetVersion(info.Version) is { } templates ? new TemplateVersionDetails(info, ActiveVersion == info.Version, templates) : null;

    private async Task WriteTemplatesAsync(int version, TemplateSet templates)
    {
        // A save that died before its index was written may have left this number's templates behind: read to overwrite.
        var stored = new GrainState<TemplateVersionState>(new TemplateVersionState());
        await storage.ReadStateAsync(StateNameOf(version), this.GetGrainId(), stored);
        stored.State = new TemplateVersionState { Templates = templates };
        await storage.WriteStateAsync(StateNameOf(version), this.GetGrainId(), stored);
    }

    private async Task ForgetTemplatesAsync(int version)
    {
        _loaded.Remove(version);
        try
        {
            var stored = new GrainState<TemplateVersionState>(new TemplateVersionState());
            await storage.ReadStateAsync(StateNameOf(version), this.GetGrainId(), stored);
            if (stored.RecordExists)
            {
                await storage.ClearStateAsync(StateNameOf(version), this.GetGrainId(), stored);
            }
        }
        catch (Exception exception)
        {
            // The index no longer lists it, so it is already forgotten; the row is only wasted space.
            LogForgetFailed(logger, exception, this.GetPrimaryKeyString(), version);
        }
    }

    private static string StateNameOf(int version) => $"template-version-{version}";

    private static TemplateVersionInfo InfoOf(TemplateSet templates, TemplateSource source, DateTimeOffset? createdAt, string fingerprint) => new(
        templates.Version,
        source,
        createdAt,
        templates.Category,
        templates.DefaultPriority,
        templates.DefaultLocale,
        [.. templates.Locales.Keys.Order(StringComparer.Ordinal)],
        templates.Channels,
        fingerprint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Template {Key}: version {Version} is in the index but its templates are not in storage")]
    private static partial void LogMissingTemplates(ILogger logger, string key, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Template {Key}: could not delete the stored templates of forgotten version {Version}")]
    private static partial void LogForgetFailed(ILogger logger, Exception exception, string key, int version);
}
