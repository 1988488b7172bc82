"""The live character counter under pull quotes and subheads, in a real browser."""

import pytest

pytestmark = pytest.mark.browser


def test_pull_quote_counter_counts_and_warns(admin_page, demo_site):
    from news.models import NewsStoryPage

    story = NewsStoryPage.objects.get(slug="kim-unterstuetzt-putin-im-heiligen-krieg")
    admin_page.goto(f"/admin/pages/{story.pk}/edit/")
    quote = admin_page.locator("textarea[data-controller~='newsblocks-count']").first
    counter = admin_page.locator(f"#{quote.get_attribute('id')}-count")
    assert counter.inner_text() == "125 / 280 characters"
    assert quote.get_attribute("aria-describedby").endswith(f"{quote.get_attribute('id')}-count")
    quote.fill("x" * 300)
    assert counter.inner_text() == "300 / 280 characters: 20 too many"
    assert "newsblocks-count--over" in counter.get_attribute("class")
    quote.fill("Kurz")
    assert counter.inner_text() == "4 / 280 characters"
    assert admin_page.console_errors == []
