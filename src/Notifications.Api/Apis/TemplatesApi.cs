using System.Security.Claims;
using System.Text.Json;
using Notifications.Api.Http;
using Notifications.Api.Security;
using Notifications.Grains.Templates;
using Notifications.Templates;
using Notifications.Templates.Fields;
using Notifications.Templates.Validation;

namespace Notifications.Api.Apis;

/// <summary>
/// <c>/api/v1/templates</c>: the tenant's notification types, their immutable versions, which one is active, and a
/// preview that renders without sending. Admin scope.
/// </summary>
public static class TemplatesApi
{
    /// <summary>A whole type, every locale and channel, comes in one body.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static RouteGroupBuilder MapTemplatesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/templates").WithTags("Templates").RequireAuthorization(Scopes.Admin);
        group.MapGet("/", List)
            .WithSummary("List the notification types")
            .WithDescription("Every type of the tenant, from the template folder or made through the API, with its active version.")
            .Produces<TemplateListResponse>();
        group.MapPut("/{type}", Put)
            .WithSummary("Save a new version of a notification type")
            .WithDescription("""
                Validates every template and stores a new immutable version (201). It becomes active when the body says
                "activate": true, or when the type has no active version yet; otherwise activate it later. Content equal to
                the newest version makes no new version (200). A template that does not parse is a 400 naming its locale,
                channel and field, with the line and column.
                """)
            .Accepts<TemplateBody>("application/json")
            .Produces<TemplateVersionResponse>(StatusCodes.Status201Created)
            .Produces<TemplateVersionResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/{type}", Get)
            .WithSummary("The active version of a notification type, with its templates")
            .Produces<TemplateVersionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{type}", Delete)
            .WithSummary("Delete a notification type")
            .WithDescription("New notifications of the type are refused; those already accepted still render with their version. Its versions are kept: saving or activating one brings the type back.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{type}/versions", Versions)
            .WithSummary("The versions of a notification type, oldest first")
            .Produces<TemplateVersionsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{type}/versions/{version:int}", GetVersion)
            .WithSummary("One version of a notification type, with its templates")
            .Produces<TemplateVersionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{type}/versions/{version:int}/activate", Activate)
            .WithSummary("Make a version the active one")
            .WithDescription("New notifications use it from now on; activating an older version is a roll-back.")
            .Produces<TemplateVersionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{type}/preview", Preview)
            .WithSummary("Render a template with sample data, sending nothing")
            .WithDescription("Renders one channel as a send would, for a user (their name, locale and time zone) or for nobody in particular, in the active version or the one given. A render error is a 422 with the error a send would record.")
            .Accepts<PreviewBody>("application/json")
            .Produces<PreviewResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static async Task<IResult> List(ClaimsPrincipal caller, IGrainFactory grains)
    {
        var tenant = caller.Tenant();
        var types = await grains.GetGrain<ITemplateCatalogGrain>(tenant).GetTypes();
        var histories = await Task.WhenAll(types.Select(type => Template(grains, tenant, type).GetHistory()));
        return TypedResults.Ok(new TemplateListResponse(
            [.. histories.OfType<TemplateHistory>().Where(history => !history.Deleted).Select(TemplateTypeSummary.From)]));
    }

    private static async Task<IResult> Put(string type, HttpContext context, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<TemplateBody>(context, MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<ValidationError>();
        if (!TemplateValidator.IsTypeName(type))
        {
            errors.Add(new("type", "must be 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }

        var draft = body!.ToDraft(type, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = await Template(grains, caller.Tenant(), type).Save(draft, body.Activate);
        return result.Outcome switch
        {
            TemplateSaveOutcome.Created => TypedResults.Created(
                $"/api/v1/templates/{type}/versions/{result.Version!.Info.Version}", TemplateVersionResponse.From(result.Version)),
            TemplateSaveOutcome.Unchanged => TypedResults.Ok(TemplateVersionResponse.From(result.Version!)),
            TemplateSaveOutcome.TooManyTypes => Problems.Conflict("type", result.Errors[0].Message),
            _ => InvalidTemplates(result.Errors),
        };
    }

    private static async Task<IResult> Get(string type, ClaimsPrincipal caller, IGrainFactory grains) =>
        TemplateValidator.IsTypeName(type) && await Template(grains, caller.Tenant(), type).GetDetails(null) is { } active
            ? TypedResults.Ok(TemplateVersionResponse.From(active))
            : UnknownType(type);

    private static async Task<IResult> Delete(string type, ClaimsPrincipal caller, IGrainFactory grains) =>
        TemplateValidator.IsTypeName(type) && await Template(grains, caller.Tenant(), type).Delete()
            ? TypedResults.NoContent()
            : UnknownType(type);

    private static async Task<IResult> Versions(string type, ClaimsPrincipal caller, IGrainFactory grains) =>
        TemplateValidator.IsTypeName(type) && await Template(grains, caller.Tenant(), type).GetHistory() is { } history
            ? TypedResults.Ok(TemplateVersionsResponse.From(history))
            : UnknownType(type);

    private static async Task<IResult> GetVersion(string type, int version, ClaimsPrincipal caller, IGrainFactory grains) =>
        TemplateValidator.IsTypeName(type) && await Template(grains, caller.Tenant(), type).GetDetails(version) is { } details
            ? TypedResults.Ok(TemplateVersionResponse.From(details))
            : UnknownVersion(type, version);

    private static async Task<IResult> Activate(string type, int version, ClaimsPrincipal caller, IGrainFactory grains)
    {
        if (!TemplateValidator.IsTypeName(type))
        {
            return UnknownVersion(type, version);
        }

        var template = Template(grains, caller.Tenant(), type);
        return await template.Activate(version) is not null && await template.GetDetails(version) is { } details
            ? TypedResults.Ok(TemplateVersionResponse.From(details))
            : UnknownVersion(type, version);
    }

    private static async Task<IResult> Preview(string type, HttpContext context, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<PreviewBody>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<ValidationError>();
        var request = body!.ToRequest(errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = await grains.GetGrain<ITemplatePreviewGrain>(caller.Tenant()).Preview(type, request);
        var error = result.Errors is [var first, ..] ? first : null;
        return result.Outcome switch
        {
            TemplatePreviewOutcome.Rendered => TypedResults.Ok(PreviewResponse.From(type, request.Channel, result)),
            TemplatePreviewOutcome.UnknownType or TemplatePreviewOutcome.UnknownVersion or TemplatePreviewOutcome.UnknownUser =>
                Problems.NotFound(error!.Field, error.Reason),
            TemplatePreviewOutcome.RenderFailed => TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The template failed to render",
                detail: error!.Reason,
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = new Dictionary<string, string[]> { [error.Field] = [error.Reason] },
                    ["version"] = result.Version,
                    ["locale"] = result.Locale,
                }),
            _ => Problems.Validation(result.Errors ?? []),
        };
    }

    private static ITemplateGrain Template(IGrainFactory grains, string tenant, string type) =>
        grains.GetGrain<ITemplateGrain>(GrainKeys.Compose(tenant, type));

    private static IResult UnknownType(string type) => Problems.NotFound("type", $"no notification type '{type}' exists");

    private static IResult UnknownVersion(string type, int version) => Problems.NotFound("version", $"type '{type}' has no version {version}");

    /// <summary>A 400 whose <c>errors</c> are keyed by where each problem is (<c>locales.en.email.subject</c>) and say the line and column.</summary>
    private static IResult InvalidTemplates(IReadOnlyList<TemplateError> errors) => TypedResults.ValidationProblem(
        errors.Select(error => error.ToValidationError())
            .GroupBy(error => error.Field)
            .ToDictionary(group => group.Key, group => group.Select(error => error.Reason).ToArray()),
        title: "The templates are not valid",
        extensions: new Dictionary<string, object?> { ["templateErrors"] = errors.Select(TemplateErrorResponse.From).ToArray() });
}

/// <summary>
/// The body of <c>PUT /api/v1/templates/{type}</c>: <c>locales</c> maps a locale to channels, each channel to its fields'
/// Scriban sources, as in <c>{"en": {"email": {"subject": "...", "text": "...", "html": "..."}, "sms": {"text": "..."}}}</c>.
/// </summary>
public sealed record TemplateBody(
    string? Category,
    string? DefaultPriority,
    string? DefaultLocale,
    Dictionary<string, Dictionary<string, Dictionary<string, string?>?>?>? Locales,
    bool? Activate)
{
    /// <summary>Maps wire names to a template set, collecting what cannot be mapped; the grain validates the rest.</summary>
    public TemplateSet ToDraft(string type, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(Category))
        {
            errors.Add(new("category", "is required, such as transactional or marketing"));
        }

        if (string.IsNullOrWhiteSpace(DefaultLocale))
        {
            errors.Add(new("defaultLocale", "is required, such as en"));
        }

        var priority = Priority.Standard;
        if (DefaultPriority is not null
            && !(Enum.TryParse(DefaultPriority, ignoreCase: true, out priority) && Enum.IsDefined(priority) && !int.TryParse(DefaultPriority, out _)))
        {
            errors.Add(new("defaultPriority", "must be critical, standard or bulk"));
        }

        var locales = new Dictionary<string, LocaleTemplates>(StringComparer.Ordinal);
        if (Locales is null or { Count: 0 })
        {
            errors.Add(new("locales", """must map at least one locale to its channels, such as {"en": {"email": {"subject": "...", "text": "..."}}}"""));
        }

        foreach (var (locale, channels) in Locales ?? [])
        {
            var templates = new Dictionary<Channel, ChannelTemplate>();
            foreach (var (channelName, fields) in channels ?? [])
            {
                if (!ChannelNames.TryParse(channelName, out var channel) || channel.ToWireName() != channelName)
                {
                    errors.Add(new($"locales.{locale}.{channelName}", "is not a channel: use email, sms, push, webpush, inapp or webhook"));
                    continue;
                }

                var template = new ChannelTemplate();
                foreach (var (fieldName, source) in fields ?? [])
                {
                    if (!ChannelFields.TryParse(fieldName, out var field) || !ChannelFields.IsAllowed(channel, field))
                    {
                        errors.Add(new($"locales.{locale}.{channelName}.{fieldName}",
                            $"is not a field of {channelName}, which has {string.Join(", ", ChannelFields.For(channel).Select(allowed => allowed.ToWireName()))}"));
                    }
                    else if (source is not null)
                    {
                        template = template.With(field, source);
                    }
                }

                templates[channel] = template;
            }

            locales[locale] = new LocaleTemplates(templates);
        }

        return new TemplateSet(type, 0, Category ?? string.Empty, priority, DefaultLocale ?? string.Empty, locales);
    }
}

/// <summary>One version with its templates, in the shape of <see cref="TemplateBody"/>.</summary>
public sealed record TemplateVersionResponse(
    string Type,
    int Version,
    bool Active,
    string Source,
    DateTimeOffset? CreatedAt,
    string Category,
    Priority DefaultPriority,
    string DefaultLocale,
    IReadOnlyDictionary<string, Dictionary<string, Dictionary<string, string>>> Locales)
{
    public static TemplateVersionResponse From(TemplateVersionDetails details) => new(
        details.Templates.Type,
        details.Info.Version,
        details.Active,
        details.Info.Source.ToWireName(),
        details.Info.CreatedAt,
        details.Templates.Category,
        details.Templates.DefaultPriority,
        details.Templates.DefaultLocale,
        details.Templates.Locales.ToDictionary(
            locale => locale.Key,
            locale => locale.Value.Channels.OrderBy(channel => channel.Key).ToDictionary(
                channel => channel.Key.ToWireName(),
                channel => ChannelFields.For(channel.Key)
                    .Where(field => channel.Value.SourceOf(field) is not null)
                    .ToDictionary(field => field.ToWireName(), field => channel.Value.SourceOf(field)!))));
}

/// <summary>A version as listed, without its templates.</summary>
public sealed record TemplateVersionSummary(
    int Version,
    bool Active,
    string Source,
    DateTimeOffset? CreatedAt,
    string Category,
    Priority DefaultPriority,
    string DefaultLocale,
    IReadOnlyList<string> Locales,
    IReadOnlyList<Channel> Channels)
{
    public static TemplateVersionSummary From(TemplateVersionInfo info, int? activeVersion) => new(
        info.Version, info.Version == activeVersion, info.Source.ToWireName(), info.CreatedAt, info.Category, info.DefaultPriority,
        info.DefaultLocale, info.Locales, info.Channels);
}

/// <summary>A type's versions, oldest first; <c>activeVersion</c> is absent when the type cannot be used (deleted).</summary>
public sealed record TemplateVersionsResponse(string Type, int? ActiveVersion, bool Deleted, IReadOnlyList<TemplateVersionSummary> Versions)
{
    public static TemplateVersionsResponse From(TemplateHistory history) => new(
        history.Type, history.ActiveVersion, history.Deleted, [.. history.Versions.Select(info => TemplateVersionSummary.From(info, history.ActiveVersion))]);
}

/// <summary>A type as listed: its active version (or, when none is active, its newest) and the newest version's number.</summary>
public sealed record TemplateTypeSummary(string Type, int? ActiveVersion, int LatestVersion, TemplateVersionSummary Version)
{
    public static TemplateTypeSummary From(TemplateHistory history)
    {
        var shown = history.Versions.LastOrDefault(info => info.Version == history.ActiveVersion) ?? history.Versions[^1];
        return new(history.Type, history.ActiveVersion, history.Versions[^1].Version, TemplateVersionSummary.From(shown, history.ActiveVersion));
    }
}

public sealed record TemplateListResponse(IReadOnlyList<TemplateTypeSummary> Items);

/// <summary>One template problem, in parts: where it is (locale, channel, field, line, column) and what is wrong.</summary>
public sealed record TemplateErrorResponse(string? Locale, string? Channel, string? Field, int? Line, int? Column, string Message)
{
    public static TemplateErrorResponse From(TemplateError error) =>
        new(error.Locale, error.Channel?.ToWireName(), error.Field?.ToWireName(), error.Line, error.Column, error.Message);
}

/// <summary>The body of <c>POST /api/v1/templates/{type}/preview</c>.</summary>
public sealed record PreviewBody(string? Channel, string? Locale, JsonElement? Data, string? UserId, int? Version)
{
    public TemplatePreviewRequest ToRequest(List<ValidationError> errors)
    {
        var channel = Contracts.Channel.Email;
        if (Channel is null)
        {
            errors.Add(new("channel", "is required: email, sms, push, webpush, inapp or webhook"));
        }
        else if (!ChannelNames.TryParse(Channel, out channel))
        {
            errors.Add(new("channel", "must be one of email, sms, push, webpush, inapp, webhook"));
        }

        string? data = null;
        if (Data is { ValueKind: not JsonValueKind.Null } element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                data = element.GetRawText();
            }
            else
            {
                errors.Add(new("data", "must be a JSON object"));
            }
        }

        return new TemplatePreviewRequest(channel, Locale, data, UserId, Version);
    }
}

/// <summary>What the channel would send, the locale the fallback chain chose and the version used.</summary>
public sealed record PreviewResponse(
    string Type,
    int Version,
    Channel Channel,
    string? Locale,
    string? Subject,
    string? Text,
    string? Html,
    string? Title,
    string? Body,
    string? Url,
    IReadOnlyDictionary<string, string>? Data,
    string? Json)
{
    public static PreviewResponse From(string type, Channel channel, TemplatePreviewResult result)
    {
        var content = result.Content!;
        return new(type, result.Version!.Value, channel, result.Locale,
            content.Subject, content.Text, content.Html, content.Title, content.Body, content.Url, content.Data, content.Json);
    }
}

internal static class TemplateSourceNames
{
    public static string ToWireName(this TemplateSource source) => source == TemplateSource.File ? "file" : "api";
}
