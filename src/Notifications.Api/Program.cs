using Notifications.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddNotificationsHosting();
builder.AddNotificationsApi();

var app = builder.Build();
app.MapNotificationsEndpoints();
app.Run();

/// <summary>The API's entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
