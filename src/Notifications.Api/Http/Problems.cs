namespace Notifications.Api.Http;

/// <summary>RFC 9457 problem details with an <c>errors</c> member mapping each field to its reasons.</summary>
public static class Problems
{
    public static IResult Validation(IEnumerable<ValidationError> errors) => TypedResults.ValidationProblem(
        errors.GroupBy(error => error.Field).ToDictionary(group => group.Key, group => group.Select(error => error.Reason).ToArray()),
        title: "The request is not valid");

    public static IResult NotFound(string field, string reason) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Not found",
        detail: $"{field} {reason}",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });

    public static IResult Conflict(string field, string reason) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Conflict",
        detail: $"{field} {reason}",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });
}
