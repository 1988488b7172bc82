"""An editor composes, previews, publishes and reads a story, in a real browser.

Flows 1, 2, 4 (choosing from the roster) and 5 of the newsroom workflow: every
step asserts what the editor sees, and every admin page visited must load
without console errors or failed requests.
"""

import pytest
from playwright.sync_api import expect

from wagtail_newsblocks.blocks.comment_policy import iso_local
from wagtail_newsblocks.comment_policy import add_months

from .helpers import (
    StreamField,
    choose_in_modal,
    collapse,
    field,
    field_input,
    heading,
    publish,
    rich_text,
    screenshot,
    screenshots_enabled,
    summary,
    type_rich_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.screenshots]

TITLE = "A second night train will cross the Alps from May"
SUBHEAD = "Why operators are betting on sleepers"
QUOTE = "People want to go to sleep in the city and wake up in the mountains"
ALT = "Illustration of a blue sleeper train crossing a valley at dawn."

# What each block's preview in the chooser shows (the seed story's words, in
# the admin's language) and the start of its description there.
PREVIEWS = {
    "Table of contents": ("Military expert", "Links to every subhead"),
    "Paragraph": ("Vostochny spaceport", "Running text of the story"),
    "Image": ("Photo: Example Agency", "An image with alternative text"),
    "Subhead": ("Kremlin: “Cooperation in sensitive areas”", "A section heading"),
    "Pull quote": ("Kim Jong Un", "A quotation set apart from the text"),
    "Expert box": ("Joseph Dempsey", "An expert's assessment in a box"),
    "Comment policy": ("no longer be commented on", "A footer that says whether readers"),
}


def test_compose_preview_publish_and_read_a_story(admin_page, demo_site, reader_page):
    page = admin_page

    # 1. From the newsroom in the page explorer to a new story.
    page.goto(f"/admin/pages/{demo_site.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("News story page")
    page.locator("#id_kicker").fill("Rail travel")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_lead").fill(
        "Two operators will run a nightly sleeper between Munich and Verona, "
        "the second overnight link across the Alps within a year."
    )

    # 2. Every block through the chooser, each preview checked on the way.
    body = StreamField(page, "body")
    blocks = {}
    for label, (preview_text, description) in PREVIEWS.items():
        body.open_chooser()
        if not blocks:
            preview, _description = body.show_preview("Pull quote")
            expect(preview.locator(".newsblocks-pull-quote")).to_be_visible()
            screenshot(page, "admin-block-chooser")
        preview, preview_description = body.show_preview(label)
        expect(preview).to_contain_text(preview_text)
        expect(preview_description).to_contain_text(description)
        blocks[label] = body.add(label)

    type_rich_text(
        page,
        rich_text(blocks["Paragraph"]),
        "It leaves Munich at 22:10.",
    )

    image = blocks["Image"]
    image.get_by_role("button", name="Choose an image").click()
    choose_in_modal(page, "Sleeper train at dawn")
    expect(image.get_by_text("Sleeper train at dawn (demo illustration)")).to_be_visible()
    field_input(image, "alt_text").fill(ALT)
    field_input(image, "caption").fill("The operators' new sleeper cars.")
    expect(image.locator(".newsblocks-count")).to_have_text("32 / 500 characters")
    field_input(image, "credit").fill("Illustration: Newsblocks demo")

    field_input(blocks["Subhead"], "text").fill(SUBHEAD)

    quote = blocks["Pull quote"]
    field_input(quote, "quote").fill(QUOTE)
    expect(quote.locator(".newsblocks-count")).to_have_text("67 / 280 characters")
    field_input(quote, "attribution").fill("Maren Holt")
    field_input(quote, "role").fill("head of long-distance services, Alpine Night Rail")
    screenshot(quote, "admin-pull-quote")

    # 4. The expert comes from the roster, chosen inside the expert box.
    expert = blocks["Expert box"]
    field_input(expert, "label").fill("Expert view")
    field_input(expert, "headline").fill("A sleeper pays off only when it runs full both ways")
    field(expert, "expert").get_by_role("button", name="Choose expert").click()
    choose_in_modal(page, "Lena Fischer")
    expect(field(expert, "expert").locator("[data-chooser-title]")).to_have_text("Lena Fischer")
    type_rich_text(
        page,
        rich_text(expert, "statement"),
        "Only through-tickets will fill it.",
    )
    screenshot(expert, "admin-expert-box")

    # Reorder: the subhead goes up above the image, one click at a time.
    subhead = blocks["Subhead"]
    expect(subhead.locator("[data-streamfield-action=MOVE_UP]")).to_be_enabled()
    subhead.locator("[data-streamfield-action=MOVE_UP]").click()
    expect(body.type_labels).to_have_text(
        [
            "Table of contents",
            "Paragraph",
            "Subhead",
            "Image",
            "Pull quote",
            "Expert box",
            "Comment policy",
        ]
    )

    # 5. Save a draft; nothing is live yet.
    page.locator("footer button.action-save").click()
    page.wait_for_url("**/edit/")
    expect(page.locator(".messages")).to_contain_text(TITLE)
    from news.models import NewsStoryPage

    story = NewsStoryPage.objects.get(title=TITLE)
    assert not story.live

    # The preview panel renders the draft as readers will see it.
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(TITLE)
    expect(preview.locator("h2.newsblocks-subhead")).to_have_text(SUBHEAD)
    expect(preview.locator(".newsblocks-pull-quote__text")).to_have_text(f"“{QUOTE}”")
    expect(preview.locator(".newsblocks-expert__name")).to_have_text("Lena Fischer")
    page.locator("[data-side-panel-toggle=preview]").click()

    publish(page)
    expect(page.locator(".messages")).to_contain_text("published")
    story.refresh_from_db()
    assert story.live

    assert page.console_errors == []
    assert page.failed_requests == []

    read_the_published_story(reader_page, story)
    assert reader_page.console_errors == []
    assert reader_page.failed_requests == []


def read_the_published_story(page, story):
    """Every block as it renders on the live page, for a reader."""
    page.goto(story.url)
    article = page.locator("article.story")
    expect(article.locator(".story__kicker")).to_have_text("Rail travel")
    expect(article.locator("h1")).to_have_text(TITLE)
    body = article.locator(".story__body")

    expect(body.locator(":scope > p").first).to_have_text("It leaves Munich at 22:10.")
    subhead = body.locator("h2.newsblocks-subhead")
    expect(subhead).to_have_text(SUBHEAD)
    expect(subhead).to_have_attribute("id", "why-operators-are-betting-on-sleepers")

    toc = body.locator("nav.newsblocks-toc")
    expect(toc.get_by_role("link", name=SUBHEAD)).to_have_attribute(
        "href", "#why-operators-are-betting-on-sleepers"
    )
    expect(toc.get_by_role("link")).to_have_count(2)  # the subhead and the expert box

    figure = body.locator("figure.newsblocks-image")
    image = figure.locator("img")
    expect(image).to_have_attribute("alt", ALT)
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0
    expect(figure.locator("figcaption")).to_contain_text("The operators' new sleeper cars.")
    expect(figure.locator(".newsblocks-image__credit")).to_have_text(
        "Illustration: Newsblocks demo"
    )

    quote = body.locator("figure.newsblocks-pull-quote")
    expect(quote.locator("blockquote")).to_have_text(f"“{QUOTE}”")
    expect(quote.locator(".newsblocks-pull-quote__speaker")).to_have_text("Maren Holt")

    expert = body.locator("aside.newsblocks-expert")
    expect(expert.locator(".newsblocks-expert__heading")).to_have_text(
        "Expert view: A sleeper pays off only when it runs full both ways"
    )
    expect(expert.locator(".newsblocks-expert__name")).to_have_text("Lena Fischer")
    expect(expert.locator(".newsblocks-expert__statement")).to_have_text(
        "Only through-tickets will fill it."
    )
    expect(expert.locator(".newsblocks-expert__role")).to_have_text(
        "Transport economist, Institute for Rail and Mobility Research"
    )
    expect(expert.locator("img.newsblocks-expert__portrait")).to_have_attribute(
        "alt", "Lena Fischer"
    )

    footer = body.locator("section.newsblocks-comment-policy")
    expect(footer).to_have_attribute("data-comments-state", "open")
    closes = add_months(story.first_published_at, 18)
    expect(footer.locator(".newsblocks-comment-policy__closing time")).to_have_attribute(
        "datetime", iso_local(closes)
    )

    if screenshots_enabled():
        # A full-page picture shows images the reader has not scrolled to yet.
        page.locator("img").evaluate_all("imgs => imgs.forEach(img => img.loading = 'eager')")
        page.wait_for_function("Array.from(document.images).every(img => img.complete)")
        screenshot(page, "story-desktop", full_page=True)
        page.set_viewport_size({"width": 375, "height": 812})
        page.wait_for_function("Array.from(document.images).every(img => img.complete)")
        screenshot(page, "story-phone", full_page=True)


def test_collapsed_blocks_tell_themselves_apart(admin_page, demo_site):
    from news.models import NewsStoryPage

    story = NewsStoryPage.objects.get(slug="night-trains-return-to-the-alps")
    page = admin_page
    page.goto(f"/admin/pages/{story.pk}/edit/")
    body = StreamField(page, "body")
    children = body.children.all()
    for child in children:
        collapse(child)
    summaries = [
        (heading(child).locator(".c-sf-block__type").inner_text(), summary(child).inner_text())
        for child in children
    ]
    assert [entry for entry in summaries if entry[0] != "Paragraph"] == [
        # No title typed: the "Contents" readers get.
        ("Table of contents", "Contents"),
        ("Image", "A sleeper car of the kind the new service will use."),
        ("Subhead", "Why the operators are betting on sleepers again"),
        # The quote's first words, then its speaker; never a chooser's "null".
        ("Pull quote", "People don't just want to get there. They want… – Maren Holt"),
        ("Subhead", "Timetable and fares"),
        (
            "Expert box",
            "Lena Fischer – Expert view: Sleepers pay off only when they run full both ways",
        ),
        ("Subhead", "What passenger groups say"),
        ("Pull quote", "Une excellente nouvelle pour les voyageurs qui… – Claire Dubois"),
        ("Pull quote", "A night train is only as good as the… – Tom Berger"),
        ("Comment policy", "Automatic: open until the site's time limit"),
    ]
    screenshot(page, "admin-collapsed-blocks")

    # Summaries follow the editor's changes.
    footer = children[-1]
    heading(footer).click()
    field_input(footer, "mode").select_option(label="Closed")
    collapse(footer)
    expect(summary(footer)).to_have_text("Closed")

    body.open_chooser()
    quote = body.add("Pull quote")
    collapse(quote)
    expect(summary(quote)).to_have_text("")
    heading(quote).click()
    field_input(quote, "quote").fill("Tickets go on sale in January")
    speaker = field(quote, "speaker")
    portrait = speaker.locator(".chosen img.newsblocks-roster-portrait")
    expect(portrait).to_be_hidden()
    speaker.get_by_role("button", name="Choose expert").click()
    choose_in_modal(page, "Joseph Dempsey")
    # The chosen expert's portrait (here the initials a story shows), not a grey icon.
    expect(portrait).to_be_visible()
    page.wait_for_function(
        "(image) => image.complete && image.naturalWidth > 0", arg=portrait.element_handle()
    )
    from wagtail_newsblocks.models import Expert

    chosen = speaker.locator("input[type=hidden]").first.input_value()
    assert Expert.objects.get(pk=chosen).name == "Joseph Dempsey"
    assert portrait.get_attribute("src").endswith(f"/admin/newsblocks/portrait/{chosen}/")
    collapse(quote)
    # No name typed: the roster entry's stands in.
    expect(summary(quote)).to_have_text("Tickets go on sale in January – Joseph Dempsey")
    assert page.console_errors == []
    assert page.failed_requests == []
