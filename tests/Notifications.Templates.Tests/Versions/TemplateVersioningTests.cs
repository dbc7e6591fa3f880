using Notifications.Templates.Versions;

namespace Notifications.Templates.Tests.Versions;

public sealed class TemplateVersioningTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(57, 58)]
    public void Api_versions_count_on_from_2_after_the_latest_ever_given(int latest, int next) =>
        Assert.Equal(next, TemplateVersioning.Next(latest));

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, 1, false)]
    [InlineData(true, 3, true)]
    [InlineData(false, null, false)]
    public void A_save_goes_live_when_asked_or_when_nothing_is_live(bool? activate, int? active, bool goesLive) =>
        Assert.Equal(goesLive, TemplateVersioning.ActivatesOnSave(activate, active));

    [Fact]
    public void The_oldest_versions_past_the_limit_are_forgotten_but_never_the_active_one()
    {
        int[] kept = [2, 3, 4, 5, 6, 7];

        Assert.Empty(TemplateVersioning.ToForget(kept, activeVersion: 2, max: 6));
        Assert.Equal([3, 4], TemplateVersioning.ToForget(kept, activeVersion: 2, max: 4));
        Assert.Equal([2, 3], TemplateVersioning.ToForget(kept, activeVersion: 7, max: 4));
        Assert.Equal([2, 3], TemplateVersioning.ToForget(kept, activeVersion: null, max: 4));
    }
}
