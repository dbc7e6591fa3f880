using Microsoft.Extensions.DependencyInjection;
using Notifications.Persistence.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Notifications.Persistence.Tests;

/// <summary>
/// The reminder queries, through the Orleans ADO.NET reminder table a silo builds on them. The silo's session
/// runs in a time zone far from UTC, so any local-time slip in the stored start times would show.
/// </summary>
public sealed class ReminderTableContractTests(ReminderTableContractTests.Fixture fixture)
    : IClassFixture<ReminderTableContractTests.Fixture>
{
    private const int GrainCount = 40;

    private readonly IReminderTable _table = fixture.Table;

    public sealed class Fixture : IAsyncLifetime
    {
        private TestDatabase _database = null!;
        private InProcessTestCluster _cluster = null!;

        public IReminderTable Table { get; private set; } = null!;

        public TestDatabase Database => _database;

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.CreateAsync();
            var farFromUtc = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Timezone = "Pacific/Chatham" };
            _cluster = await PostgresCluster.StartAsync(farFromUtc.ConnectionString, $"persistence-tests-{Guid.NewGuid():N}");
            Table = _cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        }

        public async Task DisposeAsync()
        {
            await _cluster.DisposeAsync();
            await _database.DisposeAsync();
        }
    }

    private static ReminderEntry Entry(GrainId grain, string name, DateTime startAt, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = startAt, Period = period };

    private static GrainId NewGrain() => GrainId.Create("persistence-tests.contract", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_row_round_trips_with_its_start_time_in_utc_and_a_new_etag_on_each_upsert()
    {
        var grain = NewGrain();
        var startAt = new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc);

        var firstEtag = await _table.UpsertRow(Entry(grain, "daily", startAt, TimeSpan.FromDays(1)));
        var secondEtag = await _table.UpsertRow(Entry(grain, "daily", startAt.AddHours(1), TimeSpan.FromDays(40)));
        var row = await _table.ReadRow(grain, "daily");

        Assert.NotNull(row);
        Assert.NotEqual(firstEtag, secondEtag);
        Assert.Equal(secondEtag, row.ETag);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(startAt.AddHours(1), row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromDays(40), row.Period);
        Assert.Equal(startAt.AddHours(1), await fixture.Database.ScalarAsync<DateTime>(
            "SELECT start_time FROM orleans_reminders WHERE grain_id = @grain", default, ("grain", grain.ToString())));
        Assert.Null(await _table.ReadRow(grain, "never-registered"));
    }

    [Fact]
    public async Task A_grains_rows_are_read_together_and_removed_only_with_the_current_etag()
    {
        var grain = NewGrain();
        var other = NewGrain();
        var startAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var etag = await _table.UpsertRow(Entry(grain, "a", startAt, TimeSpan.FromMinutes(5)));
        await _table.UpsertRow(Entry(grain, "b", startAt, TimeSpan.FromMinutes(5)));
        await _table.UpsertRow(Entry(other, "a", startAt, TimeSpan.FromMinutes(5)));

        var rows = await _table.ReadRows(grain);
        var removedWithStaleEtag = await _table.RemoveRow(grain, "a", etag + "1");
        var removedWithCurrentEtag = await _table.RemoveRow(grain, "a", etag!);

        Assert.Equal(["a", "b"], rows.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
        Assert.False(removedWithStaleEtag);
        Assert.True(removedWithCurrentEtag);
        Assert.Null(await _table.ReadRow(grain, "a"));
        Assert.NotNull(await _table.ReadRow(grain, "b"));
        Assert.NotNull(await _table.ReadRow(other, "a"));
    }

    [Theory]
    [InlineData(0x0000_0000u, 0x8000_0000u)]
    [InlineData(0x8000_0000u, 0x0000_0000u)]
    [InlineData(0x4000_0000u, 0xC000_0000u)]
    [InlineData(0xC000_0000u, 0x4000_0000u)]
    [InlineData(0x1000_0000u, 0x3000_0000u)]
    [InlineData(0xF000_0000u, 0x1000_0000u)]
    [InlineData(0x2345_6789u, 0x2345_6789u)]
    public async Task A_silo_reads_exactly_the_reminders_of_its_slice_of_the_ring(uint begin, uint end)
    {
        var prefix = Guid.NewGuid().ToString("N");
        var grains = Enumerable.Range(0, GrainCount)
            .Select(i => GrainId.Create("persistence-tests.ring", $"{prefix}-{i}"))
            .ToList();
        foreach (var grain in grains)
        {
            await _table.UpsertRow(Entry(grain, "ring", DateTime.UtcNow, TimeSpan.FromMinutes(1)));
        }

        var read = await _table.ReadRows(begin, end);

        // The slice (begin, end] of the unsigned ring, wrapping past zero when begin >= end.
        var expected = grains
            .Where(g => begin < end
                ? g.GetUniformHashCode() > begin && g.GetUniformHashCode() <= end
                : g.GetUniformHashCode() > begin || g.GetUniformHashCode() <= end)
            .Select(g => g.ToString())
            .Order(StringComparer.Ordinal);
        var actual = read.Reminders
            .Where(r => r.GrainId.ToString().Contains(prefix, StringComparison.Ordinal))
            .Select(r => r.GrainId.ToString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }
}
