using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Notifications.Channels;
using Notifications.Contracts;
using Notifications.Domain.Delivery;
using Notifications.Grains.Providers;

namespace Notifications.Grains.Tests.Delivery;

/// <summary>The gate a send passes on its silo: a full bulk lane and a bulk queue for rate tokens never hold up a critical send.</summary>
public sealed class PriorityLaneTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 10, 5, 0, 0, TimeSpan.Zero));

    private DeliveryGate Gate(double? ratePerSecond = null)
    {
        var options = new DeliveryOptions();
        options.Lanes["bulk"] = new LaneOptions { MaxConcurrency = 2 };
        options.Providers["email"] = new ProviderOptions { RatePerSecond = ratePerSecond };
        return new DeliveryGate(Options.Create(options), _clock, new ServiceCollection().BuildServiceProvider());
    }

    [Fact]
    public async Task A_full_bulk_lane_makes_bulk_wait_but_not_critical_or_standard()
    {
        using var gate = Gate();
        var held = new[]
        {
            await gate.AdmitAsync(Channel.Email, Priority.Bulk, TimeSpan.FromSeconds(1), CancellationToken.None),
            await gate.AdmitAsync(Channel.Email, Priority.Bulk, TimeSpan.FromSeconds(1), CancellationToken.None),
        };

        var bulk = await gate.AdmitAsync(Channel.Email, Priority.Bulk, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        var critical = await gate.AdmitAsync(Channel.Email, Priority.Critical, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        var standard = await gate.AdmitAsync(Channel.Email, Priority.Standard, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.All(held, admission => Assert.NotNull(admission.Ticket));
        Assert.Same(Admission.Busy, bulk);
        Assert.NotNull(critical.Ticket);
        Assert.NotNull(standard.Ticket);

        held[0].Ticket!.Report(DeliveryResult.Sent("m-1"));
        held[0].Ticket!.Dispose();
        Assert.NotNull((await gate.AdmitAsync(Channel.Email, Priority.Bulk, TimeSpan.FromSeconds(1), CancellationToken.None)).Ticket);
    }

    [Fact]
    public async Task A_critical_send_takes_the_next_rate_token_ahead_of_bulk_already_waiting()
    {
        using var gate = Gate(ratePerSecond: 10);
        var order = new List<Priority>();

        // The one token the bucket starts with; then one every 100 ms.
        Assert.NotNull((await gate.AdmitAsync(Channel.Email, Priority.Standard, TimeSpan.FromSeconds(1), CancellationToken.None)).Ticket);

        var waiting = new[]
        {
            Admit(gate, Priority.Bulk, order),
            Admit(gate, Priority.Bulk, order),
            Admit(gate, Priority.Critical, order),
        };
        for (var step = 0; step < 4 && order.Count < 3; step++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(20);
        }

        await Task.WhenAll(waiting);
        Assert.Equal([Priority.Critical, Priority.Bulk, Priority.Bulk], order);
    }

    private static async Task Admit(DeliveryGate gate, Priority priority, List<Priority> order)
    {
        var admission = await gate.AdmitAsync(Channel.Email, priority, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.NotNull(admission.Ticket);
        lock (order)
        {
            order.Add(priority);
        }
    }
}
