global using Notifications.Contracts;
global using Orleans;
global using Orleans.Runtime;
global using Xunit;
global using Xunit.Abstractions;

// The classes start silos, kill them and restart Redis under each other's feet: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
