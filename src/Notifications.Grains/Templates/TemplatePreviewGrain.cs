using Notifications.Templates;
using Notifications.Templates.Validation;
using Orleans.Concurrency;

namespace Notifications.Grains.Templates;

/// <summary>
/// Renders a template exactly as a send would, with the data and recipient given, and returns the result: no
/// notification is made and no channel is called. A stateless worker, so that a slow template holds up no other grain.
/// </summary>
[StatelessWorker]
[GrainType("template-preview")]
public sealed class TemplatePreviewGrain(ITemplateProvider templates, ITemplateRenderer renderer) : Grain, ITemplatePreviewGrain
{
    public const string PreviewNotificationId = "preview";

    public async Task<TemplatePreviewResult> Preview(string type, TemplatePreviewRequest request)
    {
        var tenant = this.GetPrimaryKeyString();
        if (Validate(type, request) is { Count: > 0 } errors)
        {
            return new TemplatePreviewResult(TemplatePreviewOutcome.Invalid, Errors: errors);
        }

        var version = request.Version
            ?? (await GrainFactory.GetGrain<ITemplateGrain>(GrainKeys.Compose(tenant, type)).GetActiveVersion()).Version;
        if (version is null)
        {
            return Refused(TemplatePreviewOutcome.UnknownType, "type", $"no notification type '{type}' exists");
        }

        if (await templates.GetVersionAsync(tenant, type, version.Value, CancellationToken.None) is not { } set)
        {
            return Refused(TemplatePreviewOutcome.UnknownVersion, "version", $"type '{type}' has no version {version}");
        }

        var recipient = new UserProfile();
        if (request.UserId is { } userId)
        {
            if (await GrainFactory.GetGrain<IUserGrain>(GrainKeys.Compose(tenant, userId)).GetProfile() is not { } profile)
            {
                return Refused(TemplatePreviewOutcome.UnknownUser, "userId", $"no user '{userId}' exists");
            }

            recipient = profile;
        }

        if (request.Locale is { } locale)
        {
            recipient = recipient with { Locale = locale };
        }

        var rendered = renderer.Render(set, request.Channel, new TemplateModel(PreviewNotificationId, type, request.DataJson, recipient));
        return rendered.Succeeded
            ? new TemplatePreviewResult(TemplatePreviewOutcome.Rendered, version, rendered.Locale, rendered.Content)
            : new TemplatePreviewResult(TemplatePreviewOutcome.RenderFailed, version, rendered.Locale, Errors: [new("template", rendered.Error!)]);
    }

    private static List<ValidationError> Validate(string type, TemplatePreviewRequest request)
    {
        var errors = new List<ValidationError>();
        if (!TemplateValidator.IsTypeName(type))
        {
            errors.Add(new("type", "must be 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }

        if (!Enum.IsDefined(request.Channel))
        {
            errors.Add(new("channel", "must be one of email, sms, push, webpush, inapp, webhook"));
        }

        if (request.Version is < 1)
        {
            errors.Add(new("version", "must be 1 or more"));
        }

        // The same rules as a send request's user, locale and data.
        errors.AddRange(RequestValidation.Validate(new SendNotification(request.UserId ?? "preview", "preview", request.DataJson))
            .Where(error => error.Field is "userId" or "data"));
        if (request.Locale is not null)
        {
            errors.AddRange(RequestValidation.Validate("preview", new UserProfile(Locale: request.Locale)).Where(error => error.Field == "locale"));
        }

        return errors;
    }

    private static TemplatePreviewResult Refused(TemplatePreviewOutcome outcome, string field, string reason) =>
        new(outcome, Errors: [new(field, reason)]);
}
