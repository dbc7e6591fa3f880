global using Notifications.Contracts;
