namespace Notifications.Grains.Hosting;

/// <summary>
/// References to grains by key, made straight from a <see cref="GrainId"/>. Orleans' <c>GetGrain&lt;T&gt;(string)</c>
/// finds the interface's grain interface type by reading its attributes on every call, a few percent of the CPU an
/// accepted notification costs; here that is done once per interface. For code inside a silo, whose own manifest
/// always knows the grain class behind the interface (a client's may not until it has connected).
/// </summary>
internal static class GrainReferences
{
    public static TGrain ByKey<TGrain>(this IGrainFactory grains, string key)
        where TGrain : IGrainWithStringKey
    {
        var (grainType, interfaceType) = Resolved<TGrain>.Types ??= Resolve<TGrain>(grains);
        return (TGrain)grains.GetGrain(GrainId.Create(grainType, key), interfaceType);
    }

    private static (GrainType, GrainInterfaceType) Resolve<TGrain>(IGrainFactory grains)
        where TGrain : IGrainWithStringKey
    {
        var sample = (GrainReference)(IAddressable)grains.GetGrain<TGrain>("resolve");
        return (sample.GrainId.Type, sample.InterfaceType);
    }

    private static class Resolved<TGrain>
    {
        public static (GrainType, GrainInterfaceType)? Types;
    }
}
