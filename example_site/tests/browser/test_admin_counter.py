"""The live character counter under pull quotes and subheads, in a real browser."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_pull_quote_counter_counts_and_warns(admin_page, demo_site):
    from news.models import NewsStoryPage

    story = NewsStoryPage.objects.get(slug="kim-unterstuetzt-putin-im-heiligen-krieg")
    admin_page.goto(f"/admin/pages/{story.pk}/edit/")
    quote = admin_page.locator("textarea[data-controller~='newsblocks-count']").first
    counter = admin_page.locator(f"#{quote.get_attribute('id')}-count")
    assert counter.inner_text() == "125 / 280 characters"
    described = quote.get_attribute("aria-describedby").split()
    assert f"{quote.get_attribute('id')}-count" in described
    quote.fill("x" * 300)
    assert counter.inner_text() == "300 / 280 characters: 20 too many"
    assert "newsblocks-count--over" in counter.get_attribute("class")
    quote.fill("Kurz")
    assert counter.inner_text() == "4 / 280 characters"
    assert admin_page.console_errors == []


def test_counter_counts_as_clean_does(admin_page, demo_site):
    """The JavaScript counter and the block's clean() count the same strings alike (#18)."""
    from news.models import NewsStoryPage
    from wagtail_newsblocks.blocks.length_limits import PULL_QUOTE, SUBHEAD

    # Typed marks, space and invisible characters at the ends, characters
    # JavaScript's trim() and Python's strip() disagree on, an emoji.
    strings = [
        "Nein",
        "  Nein \n",
        "„Nein“",
        '  "Nein"  ',
        "«\u202fnon\u202f»",
        "\u200b„Nein“\ufeff",
        '"Yes," he said, "no"',
        "'Tis the season'",
        "\x1cNein\x85",
        "\ufeffNein",
        "🙂 ok",
    ]
    story = NewsStoryPage.objects.get(slug="kim-unterstuetzt-putin-im-heiligen-krieg")
    admin_page.goto(f"/admin/pages/{story.pk}/edit/")
    quote = admin_page.locator(
        "textarea[name$='-value-quote'][data-controller~='newsblocks-count']"
    )
    quote = quote.first
    subhead = admin_page.locator(
        "textarea[name$='-value-text'][data-controller~='newsblocks-count']"
    )
    subhead = subhead.first
    for field, limit in ((quote, PULL_QUOTE), (subhead, SUBHEAD)):
        counter = admin_page.locator(f"#{field.get_attribute('id')}-count")
        for text in strings:
            field.fill(text)
            expected = f"{limit.count(text)} / {limit.max_length()} characters"
            expect(counter).to_have_text(expected)
    assert admin_page.console_errors == []


def test_quote_counter_names_the_story_languages_marks(admin_page, demo_site):
    from news.models import NewsStoryPage

    story = NewsStoryPage.objects.get(slug="kim-unterstuetzt-putin-im-heiligen-krieg")
    admin_page.goto(f"/admin/pages/{story.pk}/edit/")
    quote = admin_page.locator("textarea[name$='-value-quote']").first
    hint = admin_page.locator(f"#{quote.get_attribute('id')}-marks")
    expect(hint).to_have_text("Quotation marks are added in the story's language: „…“ (Deutsch).")
    quote.fill("„Wir stehen zusammen“")
    expect(hint).to_have_text(
        "The quotation marks you typed do not count; „…“ (Deutsch) replace them."
    )
    expect(admin_page.locator(f"#{quote.get_attribute('id')}-count")).to_have_text(
        "19 / 280 characters"
    )
    english = NewsStoryPage.objects.get(slug="kim-backs-putin-in-holy-war")
    admin_page.goto(f"/admin/pages/{english.pk}/edit/")
    quote = admin_page.locator("textarea[name$='-value-quote']").first
    expect(admin_page.locator(f"#{quote.get_attribute('id')}-marks")).to_have_text(
        "Quotation marks are added in the story's language: “…” (English)."
    )
    assert admin_page.console_errors == []
