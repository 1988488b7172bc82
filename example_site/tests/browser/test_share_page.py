"""The quote share page in a reader's browser: copy link, the native share sheet, network links.

Issue 20, item 6. The demo's Site follows the port it is served on
(``load_demo_content --port``), so the story link, the canonical link and the
story's JSON-LD must lead to pages that answer on that port. The buttons come
from a script file (the demo's Content-Security-Policy allows no inline
script) and show only where the browser can do what they say.
"""

from __future__ import annotations

import json
import os
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .helpers import screenshot
from .test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

NIGHT_TRAINS = "/night-trains-return-to-the-alps/"
GERMAN_STORY = "/kim-unterstuetzt-putin-im-heiligen-krieg/"


@pytest.fixture
def served_demo(demo_site, live_server):
    """The demo with its Site on the live server's port, as `make demo` sets it for PORT."""
    port = urlsplit(live_server.url).port
    call_command("load_demo_content", "--port", str(port), stdout=open(os.devnull, "w"))  # noqa: SIM115
    return demo_site


def share_page_url(page, story: str) -> str:
    page.goto(story)
    return page.locator(".newsblocks-pull-quote__share").first.get_attribute("href")


def answers(page, url: str) -> int:
    return page.request.get(url).status


def test_every_link_of_the_share_page_answers_on_the_demo_port(reader_page, served_demo):
    page = reader_page
    page.goto(share_page_url(page, NIGHT_TRAINS))
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    own = page.locator("meta[property='og:url']").get_attribute("content")
    card = page.locator("meta[property='og:image']").get_attribute("content")
    story = page.locator(".newsblocks-share__story a")
    for url in (canonical, own, card, story.get_attribute("href")):
        assert answers(page, url) == 200, url
    assert canonical == story.get_attribute("href")
    story.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == NIGHT_TRAINS
    expect(page.locator("h1")).to_contain_text("Night trains")
    # The story's JSON-LD points at the same place, and at share pages that answer.
    article = next(
        item
        for item in (
            json.loads(script)
            for script in page.locator("script[type='application/ld+json']").all_inner_texts()
        )
        if item.get("@type") == "NewsArticle"
    )
    urls = [article["url"], article["mainEntityOfPage"]]
    urls += [
        part[key]
        for part in article.get("hasPart", [])
        for key in ("url", "image", "sharedContent")
        if isinstance(part.get(key), str) and part[key].startswith("http")
    ]
    for url in urls:
        assert answers(page, url) == 200, url
    assert (page.console_errors, page.failed_requests) == ([], [])


def test_copy_link_puts_the_share_url_on_the_clipboard(browser, live_server, served_demo):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    console = []
    page.on("console", lambda message: message.type == "error" and console.append(message.text))
    try:
        page.goto(share_page_url(page, NIGHT_TRAINS))
        own = page.locator("meta[property='og:url']").get_attribute("content")
        copy = page.get_by_role("button", name="Copy link")
        expect(copy).to_be_visible()
        copy.click()
        expect(page.get_by_role("status")).to_have_text("Link copied.")
        assert page.evaluate("navigator.clipboard.readText()") == own
        screenshot(page, "share-page", full_page=True)
    finally:
        context.close()
    # No inline script or style: the demo's CSP would have logged a violation.
    assert console == []


def test_without_a_clipboard_the_link_is_selected_to_copy_by_hand(reader_page, served_demo):
    page = reader_page
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(share_page_url(page, NIGHT_TRAINS))
    own = page.locator("meta[property='og:url']").get_attribute("content")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status")).to_contain_text("Could not copy")
    field = page.get_by_label("Link to this page")
    expect(field).to_be_focused()
    expect(field).to_have_value(own)
    selected = page.evaluate(
        "(() => { const f = document.activeElement; return f.value.slice(f.selectionStart, f.selectionEnd); })()"
    )
    assert selected == own


def test_the_share_button_only_where_the_browser_can_share(reader_page, served_demo):
    page = reader_page
    url = share_page_url(page, NIGHT_TRAINS)
    page.goto(url)
    native = page.locator("[data-newsblocks-share-native]")
    has_share = page.evaluate("typeof navigator.share === 'function'")
    expect(native).to_be_visible() if has_share else expect(native).to_be_hidden()
    # A browser with the Web Share API (phones, Chromium on Windows and macOS),
    # reduced to what this page asks of it.
    page.add_init_script(
        """window.__shared = [];
        navigator.share = data => { window.__shared.push(data); return Promise.resolve(); };
        navigator.canShare = () => true;"""
    )
    page.goto(url)
    own = page.locator("meta[property='og:url']").get_attribute("content")
    title = page.locator("meta[property='og:title']").get_attribute("content")
    page.get_by_role("button", name="Share…").click()
    shared = page.evaluate("window.__shared")
    assert shared == [
        {
            "title": title,
            "text": page.locator("meta[property='og:description']").get_attribute("content"),
            "url": own,
        }
    ]


def test_the_network_links_share_this_page(reader_page, served_demo):
    page = reader_page
    page.goto(share_page_url(page, NIGHT_TRAINS))
    own = page.locator("meta[property='og:url']").get_attribute("content")
    links = page.locator(".newsblocks-share__networks a")
    names = links.all_inner_texts()
    assert names == [
        "Share on Bluesky",
        "Share on X",
        "Share on Facebook",
        "Share on LinkedIn",
        "Share on WhatsApp",
        "Send by email",
    ]
    for href in (links.nth(n).get_attribute("href") for n in range(links.count())):
        values = [value for values in parse_qs(urlsplit(href).query).values() for value in values]
        assert any(own in value for value in values), href


def test_the_share_page_is_accessible_with_its_buttons_shown(reader_page, served_demo):
    page = reader_page
    page.add_init_script(
        "navigator.share = () => Promise.resolve(); navigator.canShare = () => true;"
    )
    failures = []
    for story in (NIGHT_TRAINS, GERMAN_STORY):
        page.goto(share_page_url(page, story))
        expect(page.locator("[data-newsblocks-share-native]")).to_be_visible()
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            failures += [f"{story} {width}px: {describe(v)}" for v in axe_violations(page)]
    assert not failures, "\n".join(failures)
    assert (page.console_errors, page.failed_requests) == ([], [])


def test_the_german_share_page_nests_the_headline_marks(reader_page, served_demo):
    page = reader_page
    page.goto(share_page_url(page, GERMAN_STORY))
    assert page.evaluate("document.documentElement.lang") == "de"
    description = page.locator("meta[property='og:description']").get_attribute("content")
    assert description.endswith("„Kim unterstützt Putin im ‚heiligen Krieg‘“")
