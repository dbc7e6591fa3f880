global using Notifications.Contracts;
global using Orleans;
global using Orleans.Hosting;
global using Orleans.Runtime;
