using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Templates.Files;

namespace Notifications.Templates.Tests.Versions;

public sealed class FileVersionTests
{
    [Fact]
    public async Task The_folder_serves_version_1_of_its_types_and_no_other_version()
    {
        var folder = new FileTemplateProvider(
            Options.Create(new TemplateOptions { Directory = TestTemplates.ShippedFolder }), NullLogger<FileTemplateProvider>.Instance);

        var one = await folder.GetVersionAsync("acme", "welcome", 1, CancellationToken.None);
        var two = await folder.GetVersionAsync("acme", "welcome", 2, CancellationToken.None);

        Assert.Equal(("welcome", 1), (one!.Type, one.Version));
        Assert.Null(two);
        Assert.Null(await folder.GetVersionAsync("acme", "no-such-type", 1, CancellationToken.None));
    }
}
