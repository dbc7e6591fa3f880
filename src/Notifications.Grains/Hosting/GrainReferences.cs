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
        var types = Volatile.Read(ref Resolved<TGrain>.Types);
        if (types is null)
        {
            // Published whole, as one reference: a concurrent first call never sees half of it.
            var sample = (GrainReference)(IAddressable)grains.GetGrain<TGrain>("resolve");
            types = new ResolvedTypes(sample.GrainId.Type, sample.InterfaceType);
            Volatile.Write(ref Resolved<TGrain>.Types, types);
        }

        return (TGrain)grains.GetGrain(GrainId.Create(types.GrainType, key), types.InterfaceType);
    }

    private sealed record ResolvedTypes(GrainType GrainType, GrainInterfaceType InterfaceType);

    private static class Resolved<TGrain>
    {
        public static ResolvedTypes? Types;
    }
}
