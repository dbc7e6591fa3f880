global using Notifications.Contracts;
global using Xunit;
