using Notifications.Persistence.Tests.Grains;
using Notifications.Persistence.Tests.Infrastructure;
using Orleans.Storage;

namespace Notifications.Persistence.Tests;

public sealed class GrainStorageTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private static readonly DeliveryNote Note = new("sms", 2, new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)));

    private Task<long> StoredRecordsAsync(string key) => fixture.Database.ScalarAsync<long>(
        "SELECT count(*) FROM orleans_storage WHERE service_id = @service AND grain_id_ext = @key", default,
        ("service", fixture.ServiceId), ("key", key));

    [Fact]
    public async Task State_written_by_a_grain_is_read_back_after_the_grain_is_deactivated()
    {
        var key = $"acme/{Guid.NewGuid():N}";
        var grain = fixture.Grains.GetGrain<IProfileGrain>(key);

        await grain.Save("Ada Lovelace", Note);
        await fixture.Cluster.DeactivateAsync(grain);
        var view = await grain.Get();

        Assert.Equal("Ada Lovelace", view.Name);
        Assert.Equal([Note], view.Notes);
        Assert.True(view.ProfileStored);
        Assert.True(view.HistoryStored);
        Assert.Equal(2, await StoredRecordsAsync(key));
    }

    [Fact]
    public async Task State_is_stored_as_json_without_type_names()
    {
        var key = $"acme/{Guid.NewGuid():N}";
        await fixture.Grains.GetGrain<IProfileGrain>(key).Save("Grace Hopper", Note);

        var json = await fixture.Database.ScalarAsync<string>(
            "SELECT convert_from(payload, 'UTF8') FROM orleans_storage WHERE grain_id_ext = @key AND state_name = 'history'", default, ("key", key));

        Assert.NotNull(json);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("sms", document.RootElement.GetProperty("Notes")[0].GetProperty("Channel").GetString());
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clearing_state_deletes_the_records_and_the_grain_starts_afresh()
    {
        var key = $"acme/{Guid.NewGuid():N}";
        var grain = fixture.Grains.GetGrain<IProfileGrain>(key);
        await grain.Save("Ada Lovelace", Note);

        await grain.Clear();
        var recordsAfterClear = await StoredRecordsAsync(key);
        await fixture.Cluster.DeactivateAsync(grain);
        var view = await grain.Get();

        Assert.Equal(0, recordsAfterClear);
        Assert.Null(view.Name);
        Assert.Empty(view.Notes);
        Assert.False(view.ProfileStored);

        await grain.Save("Ada again", Note);
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal("Ada again", (await grain.Get()).Name);
    }

    [Fact]
    public async Task A_write_based_on_a_stale_version_is_refused_and_the_newer_state_kept()
    {
        var key = $"acme/{Guid.NewGuid():N}";
        var grain = fixture.Grains.GetGrain<IProfileGrain>(key);
        await grain.Save("first", Note);
        // Another writer (a duplicate activation, say) moves the stored version on behind this activation's back.
        await fixture.Database.ExecuteAsync(
            "UPDATE orleans_storage SET version = version + 1 WHERE grain_id_ext = @key AND state_name = 'profile'", default, ("key", key));

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Save("stale", Note));

        var stored = await fixture.Database.ScalarAsync<string>(
            "SELECT convert_from(payload, 'UTF8') FROM orleans_storage WHERE grain_id_ext = @key AND state_name = 'profile'", default, ("key", key));
        Assert.Contains("first", stored, StringComparison.Ordinal);
    }
}
