using Notifications.Contracts;
using Notifications.Domain.Inbox;

namespace Notifications.UnitTests.Inbox;

public sealed class InboxContentTests
{
    [Fact]
    public void A_rendered_template_becomes_a_trimmed_message()
    {
        var (draft, error) = InboxContent.FromRendered("n1", new RenderedContent(Title: "  Order shipped \n", Body: "It is on its way.", Url: " https://shop.example/orders/1 "));

        Assert.Null(error);
        Assert.Equal(new InboxMessageDraft("n1", "Order shipped", "It is on its way.", "https://shop.example/orders/1"), draft);
    }

    [Fact]
    public void Long_titles_and_bodies_are_shortened_without_splitting_a_character()
    {
        var title = new string('a', InboxContent.MaxTitleLength - 2) + "😀😀";
        var (draft, _) = InboxContent.FromRendered("n1", new RenderedContent(Title: title, Body: new string('b', 10_000)));

        Assert.True(draft!.Title.Length <= InboxContent.MaxTitleLength);
        Assert.EndsWith("…", draft.Title);
        Assert.False(char.IsHighSurrogate(draft.Title[^2]));
        Assert.Equal(InboxContent.MaxBodyLength, draft.Body!.Length);
        Assert.Empty(InboxContent.Validate(draft));
    }

    [Fact]
    public void A_message_needs_a_title()
    {
        var (draft, error) = InboxContent.FromRendered("n1", new RenderedContent(Title: " ", Body: "text"));

        Assert.Null(draft);
        Assert.Contains("title", error);
    }

    [Theory]
    [InlineData("/orders/1")]
    [InlineData("https://shop.example/a?b=c")]
    [InlineData("http://shop.example")]
    [InlineData("")]
    public void Http_urls_and_site_paths_are_actions(string url)
    {
        var (draft, error) = InboxContent.FromRendered("n1", new RenderedContent(Title: "t", Url: url));

        Assert.Null(error);
        Assert.Equal(url.Length == 0 ? null : url, draft!.Url);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JaVaScRiPt:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("orders/1")]
    [InlineData("ftp://files.example/")]
    public void Anything_else_is_refused_as_an_action_url(string url)
    {
        var (draft, error) = InboxContent.FromRendered("n1", new RenderedContent(Title: "t", Url: url));

        Assert.Null(draft);
        Assert.Contains("URL", error);
        Assert.Contains(InboxContent.Validate(new InboxMessageDraft("n1", "t", null, url)), invalid => invalid.Field == "url");
    }

    [Theory]
    [InlineData("")]
    [InlineData("acme/n1")]
    [InlineData("n 1")]
    [InlineData("n\u00001")]
    public void Message_ids_are_plain_notification_ids(string id)
    {
        Assert.False(InboxContent.IsMessageId(id));
        Assert.Contains(InboxContent.Validate(new InboxMessageDraft(id, "t")), invalid => invalid.Field == "notificationId");
    }

    [Fact]
    public void A_long_id_is_refused() => Assert.False(InboxContent.IsMessageId(new string('a', RequestValidation.MaxIdLength + 1)));
}
