"""#20.1 and #20.2 in a real browser: a German story from scratch, and the admin in German.

An editor finds the German edition in the page explorer, adds a story there
with "Add child page", and readers get a German page throughout; the demo
editor switches the admin to German through Account.
"""

import json
import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .helpers import StreamField, field_input, publish, rich_text, type_rich_text

pytestmark = pytest.mark.browser

TITLE = "Der Nachtzug über die Alpen fährt wieder"
QUOTE = "Wir sind zurück"


def test_a_german_story_from_scratch(admin_page, demo_site, reader_page):
    from news.models import NewsStoryPage

    page = admin_page
    # 1. The explorer: newsroom → German edition → Add child page.
    page.goto(f"/admin/pages/{demo_site.pk}/")
    page.get_by_role("link", name="Add a child page to 'Deutsche Ausgabe'").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("News story page")
    # Wagtail gives the new page its parent's locale, and says so in its status panel.
    page.locator("[data-side-panel-toggle=status]").click()
    expect(page.locator("#status-sidebar-deutsch")).to_have_text("Locale: Deutsch")
    page.locator("[data-side-panel-toggle=status]").click()

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_lead").fill(
        "Nach Jahren fährt wieder ein Schlafwagen von München nach Verona."
    )
    body = StreamField(page, "body")
    body.open_chooser()
    body.add("Table of contents")
    body.open_chooser()
    paragraph = body.add("Paragraph")
    type_rich_text(page, rich_text(paragraph), f"Die Betreiberin sagt: „{QUOTE}.“")
    body.open_chooser()
    subhead = body.add("Subhead")
    field_input(subhead, "text").fill("Die Strecke")
    body.open_chooser()
    quote = body.add("Pull quote")
    quote_input = field_input(quote, "quote")
    marks = page.locator(f"#{quote_input.get_attribute('id')}-marks")
    # Where the typography is decided, the story's language says which marks it gets.
    expect(marks).to_have_text("Quotation marks are added in the story's language: „…“ (Deutsch).")
    # Typed in the English style: counted without them, replaced on the page.
    quote_input.fill(f"“{QUOTE}”")
    expect(page.locator(f"#{quote_input.get_attribute('id')}-count")).to_have_text(
        f"{len(QUOTE)} / 280 characters"
    )
    expect(marks).to_have_text(
        "The quotation marks you typed do not count; „…“ (Deutsch) replace them."
    )
    field_input(quote, "attribution").fill("Anna Berger")
    body.open_chooser()
    body.add("Comment policy")

    publish(page)
    expect(page.locator(".messages")).to_contain_text("published")
    story = NewsStoryPage.objects.get(title=TITLE)
    assert story.locale.language_code == "de"
    assert story.get_parent().slug == "de"
    assert page.console_errors == []

    # 2. As a reader: German throughout.
    reader = reader_page
    reader.goto(story.url)
    expect(reader.locator("html")).to_have_attribute("lang", "de")
    article = reader.locator("article.story")
    expect(article.locator("nav.newsblocks-toc")).to_contain_text("Inhalt")
    expect(
        article.locator(".newsblocks-pull-quote blockquote, .newsblocks-pull-quote p").first
    ).to_have_text(f"„{QUOTE}“")
    expect(article.locator(".newsblocks-pull-quote__share")).to_contain_text("Zitat teilen")
    expect(article.locator(".newsblocks-comment-policy h2")).to_have_text("Kommentare")
    graph = [
        json.loads(text)
        for text in reader.locator('script[type="application/ld+json"]').all_text_contents()
    ]
    assert '"inLanguage": "de"' in json.dumps(graph, ensure_ascii=False)
    assert '"inLanguage": "en"' not in json.dumps(graph, ensure_ascii=False)
    assert reader.console_errors == []

    # The share page of its quote is German too.
    reader.locator(".newsblocks-pull-quote__share").click()
    expect(reader.locator("html")).to_have_attribute("lang", "de")
    expect(reader.locator("body")).to_contain_text(f"„{QUOTE}“")


def test_demo_editor_switches_the_admin_to_german(page, demo_site, settings):
    """Account → Preferred language → German → Save, as the documented demo login."""
    settings.DEBUG = True
    call_command("ensure_demo_editor", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "newsroom")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto("/admin/account/")
    page.get_by_label("Preferred language").select_option("de")
    page.get_by_role("button", name="Save", exact=True).click()
    # Saved, with no "This field is required" on another tab. (Wagtail words
    # the message before the new language takes effect.)
    expect(page.locator(".messages")).to_contain_text(
        "Your account settings have been changed successfully!"
    )
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".w-field__errors .error-message")).to_have_count(0)
    page.goto("/admin/pages/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Erkunden")
    # Wagtail's account page lists time zones Debian's Chromium does not know
    # (its w-locale controller logs a RangeError for them); nothing else may fail.
    assert [error for error in page.console_errors if "localizeTimeZoneOptions" not in error] == []
