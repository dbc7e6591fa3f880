namespace Notifications.UnitTests.Delivery;

/// <summary>A <see cref="Random"/> whose draws are given: the jitter of a backoff becomes a known number.</summary>
internal sealed class FixedRandom(params double[] draws) : Random
{
    private int _next;

    public override double NextDouble() => draws[Math.Min(_next++, draws.Length - 1)];
}
