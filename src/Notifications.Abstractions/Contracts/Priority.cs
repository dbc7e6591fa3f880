using System.Text.Json.Serialization;

namespace Notifications.Contracts;

/// <summary>Delivery lane. Critical never waits behind bulk, and passes quiet hours and budgets.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Priority>))]
[GenerateSerializer, Alias("notifications.priority")]
public enum Priority
{
    [JsonStringEnumMemberName("standard")] Standard = 0,
    [JsonStringEnumMemberName("critical")] Critical = 1,
    [JsonStringEnumMemberName("bulk")] Bulk = 2,
}
