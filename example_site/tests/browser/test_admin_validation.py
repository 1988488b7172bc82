"""Flow 3 and the German admin: errors beside the field that caused them, in the editor's language."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import StreamField, field, field_errors, field_input, publish, screenshot

pytestmark = pytest.mark.browser

TITLE = "Operators confirm the night train's timetable"
TOO_LONG = (
    "We have waited for this connection for fifteen years, and now that the trains are "
    "bought and the timetable is agreed we will not let one winter of empty berths "
    "decide its fate: the line stays, and it will be full, because travellers have told "
    "us that this is the journey they want to travel by night."
)


@pytest.mark.screenshots
def test_errors_beside_the_fields_and_nothing_published(admin_page, demo_site):
    page = admin_page
    assert len(TOO_LONG) == 300
    page.goto(f"/admin/pages/{demo_site.pk}/add_subpage/")
    page.locator("#id_title").fill(TITLE)
    # The lead, a required field, stays empty.

    body = StreamField(page, "body")
    body.open_chooser()
    subhead = body.add("Subhead")  # its text, required, stays empty
    body.open_chooser()
    quote = body.add("Pull quote")
    field_input(quote, "quote").fill(TOO_LONG)
    field_input(quote, "attribution").fill("Maren Holt")
    # Before anything is sent, the counter already warns.
    expect(quote.locator(".newsblocks-count")).to_have_text("300 / 280 characters: 20 too many")

    publish(page)
    expect(page.locator(".messages")).to_contain_text(
        re.compile(r"could not be (created|saved) due to validation errors")
    )
    expect(field_errors(page, "lead")).to_have_text("This field is required.")
    expect(field_errors(subhead, "text")).to_have_text("This field is required.")
    expect(field_errors(quote, "quote")).to_have_text(
        "Pull quote: the quote has 300 characters; the limit is 280. Shorten it by 20 characters."
    )
    expect(field_input(quote, "quote")).to_have_attribute("aria-invalid", "true")
    # Only the fields at fault are marked: the speaker's name was fine.
    expect(field_errors(quote, "attribution")).to_have_text("")
    # The editor's work is still there to be fixed.
    expect(field_input(quote, "quote")).to_have_value(TOO_LONG)
    field(quote, "quote").scroll_into_view_if_needed()
    screenshot(quote, "admin-validation-error")

    page.goto(demo_site.url)
    expect(page.locator("main")).not_to_contain_text(TITLE)
    from news.models import NewsStoryPage

    # Autosave may have kept a draft; nothing is live.
    assert not NewsStoryPage.objects.filter(title=TITLE, live=True).exists()
    assert page.console_errors == []
    assert page.failed_requests == []


def test_the_admin_speaks_german(admin_page, demo_site, editor):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "de"
    profile.save()
    page = admin_page
    page.goto(f"/admin/pages/{demo_site.pk}/add_subpage/")
    expect(page.locator("html")).to_have_attribute("lang", "de")

    body = StreamField(page, "body")
    body.open_chooser()
    for label in (
        "Absatz",
        "Bild",
        "Zitat",
        "Zwischentitel",
        "Inhaltsverzeichnis",
        "Expertenkasten",
        "Kommentarregeln",
    ):
        expect(body.option(label)).to_be_visible()
    _preview, description = body.show_preview("Zitat")
    expect(description).to_have_text(
        "Ein hervorgehobenes Zitat mit Name und Funktion der Person. "
        "Die Anführungszeichen folgen der Sprache der Story."
    )
    quote = body.add("Zitat")
    expect(field(quote, "quote")).to_contain_text(
        "Nur der Wortlaut, ohne Anführungszeichen: Sie werden in der Sprache der Story ergänzt."
    )
    expect(quote.locator("[data-streamfield-action=SETTINGS]")).to_have_attribute(
        "title", "Einstellungen"
    )
    field_input(quote, "quote").fill("x" * 300)
    expect(quote.locator(".newsblocks-count")).to_have_text("300 / 280 Zeichen: 20 zu viel")

    page.locator("#id_title").fill("Testgeschichte")
    page.locator("#id_lead").fill("Vorspann")
    publish(page)
    expect(field_errors(quote, "quote")).to_have_text(
        "Zitat: Das Zitat hat 300 Zeichen; erlaubt sind 280. Kürzen Sie es um 20 Zeichen."
    )
    assert page.console_errors == []
    assert page.failed_requests == []


def test_one_publish_shows_every_problem(admin_page, demo_site):
    """A quote over the limit and a skipped heading level: both errors on the first publish."""
    page = admin_page
    page.goto(f"/admin/pages/{demo_site.pk}/add_subpage/")
    page.locator("#id_title").fill(TITLE)
    body = StreamField(page, "body")
    body.open_chooser()
    quote = body.add("Pull quote")
    field_input(quote, "quote").fill(TOO_LONG)
    field_input(quote, "attribution").fill("Maren Holt")
    body.open_chooser()
    subhead = body.add("Subhead")
    field_input(subhead, "text").fill("What the operators want")
    field_input(subhead, "level").select_option("h4")

    publish(page)
    expect(field_errors(quote, "quote")).to_have_text(
        "Pull quote: the quote has 300 characters; the limit is 280. Shorten it by 20 characters."
    )
    # The story's own rule, in the same answer: not only on the next attempt.
    expect(field_errors(subhead, "level")).to_contain_text(
        "Block 2 (Subhead “What the operators want”) is an h4 straight after an h1."
    )
    assert page.console_errors == []
