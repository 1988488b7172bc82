"""The expert roster and the comment-policy setting: found from the menu, used, and seen on the site.

Flow 4 (a new roster entry with a portrait uploaded here) and flow 6 (the
site setting changes the story's footer).
"""

import re

import pytest
from playwright.sync_api import expect

from .helpers import field_input, screenshot

pytestmark = pytest.mark.browser

SEED_STORY = "kim-unterstuetzt-putin-im-heiligen-krieg"


def read_again(page, url):
    # Story pages may be cached for minutes (Cache-Control): a reader coming
    # back reloads, which makes the browser ask the server again.
    page.goto(url)
    page.reload()


def sidebar(page):
    return page.get_by_role("navigation", name="Main menu")


@pytest.mark.screenshots
def test_roster_and_comment_policy_are_in_the_sidebar(admin_page, demo_site):
    page = admin_page
    page.goto("/admin/")
    sidebar(page).get_by_role("link", name="Snippets").click()
    experts = page.get_by_role("link", name="Experts")
    expect(page.get_by_role("row", name=re.compile(r"Experts\s+3"))).to_be_visible()
    experts.click()

    table = page.get_by_role("table")
    expect(table.locator("thead th")).to_contain_text(
        ["Name", "Portrait", "Role", "Organization", "Language", "Updated"]
    )
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    fischer = rows.filter(has_text="Lena Fischer")
    expect(fischer).to_contain_text("Transport economist")
    expect(fischer).to_contain_text("Institute for Rail and Mobility Research")
    portrait = fischer.locator("img.newsblocks-roster-portrait")
    expect(portrait).to_have_js_property("complete", True)
    assert portrait.evaluate("img => img.naturalWidth") > 0
    # One person in two languages: the language column tells the rows apart.
    expect(rows.filter(has_text="Joseph Dempsey")).to_have_count(2)
    expect(rows.filter(has_text="Forscher für Verteidigung")).to_contain_text("Deutsch")
    screenshot(page, "admin-roster", clip={"x": 0, "y": 0, "width": 1280, "height": 400})

    search = page.get_by_role("textbox", name="Search term")
    search.fill("Fischer")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Lena Fischer")
    search.fill("Strategic Studies")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Joseph Dempsey")).to_have_count(2)

    sidebar(page).get_by_role("button", name="Settings").click()
    sidebar(page).get_by_role("link", name="Comment policy").click()
    expect(page.get_by_role("heading", name="Comment policy", exact=True)).to_be_visible()
    expect(field_input(page, "close_after_months")).to_have_value("18")
    assert page.console_errors == []
    assert page.failed_requests == []


def test_new_roster_entry_with_an_uploaded_portrait(admin_page, demo_site, tmp_path):
    from PIL import Image, ImageDraw

    portrait_file = tmp_path / "amira-haddad.png"
    picture = Image.new("RGB", (320, 320), (70, 110, 160))
    ImageDraw.Draw(picture).ellipse([90, 50, 230, 190], fill=(236, 196, 170))
    picture.save(portrait_file)

    page = admin_page
    page.goto("/admin/snippets/wagtail_newsblocks/expert/")
    page.get_by_role("link", name="Add expert").click()
    field_input(page, "name").fill("Amira Haddad")
    field_input(page, "role").fill("Glaciologist")
    field_input(page, "organization").fill("University of Innsbruck")

    page.get_by_role("button", name="Choose an image").click()
    modal = page.locator(".modal")
    modal.get_by_role("tab", name="Upload").click()
    modal.get_by_label("File").set_input_files(portrait_file)
    # Wagtail fills the title from the file name.
    expect(modal.get_by_label("Title")).to_have_value("amira-haddad")
    modal.get_by_role("button", name="Upload").click()
    expect(modal).to_be_hidden()
    expect(page.locator("[data-contentpath=portrait] [data-chooser-title]")).to_have_text(
        "amira-haddad"
    )

    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Amira Haddad")
    row = page.get_by_role("table").locator("tbody tr").filter(has_text="Amira Haddad")
    expect(row).to_contain_text("Glaciologist")
    portrait = row.locator("img.newsblocks-roster-portrait")
    expect(portrait).to_have_js_property("complete", True)
    assert portrait.evaluate("img => img.naturalWidth") > 0
    assert page.console_errors == []
    assert page.failed_requests == []

    from wagtail_newsblocks.models import Expert

    assert Expert.objects.get(name="Amira Haddad").portrait.title == "amira-haddad"


@pytest.mark.screenshots
def test_comment_policy_setting_changes_the_story_footer(admin_page, demo_site):
    from news.models import NewsStoryPage

    story = NewsStoryPage.objects.get(slug=SEED_STORY)
    page = admin_page
    # The seed story (September 2023) is past the site's 18 months.
    page.goto(story.url)
    footer = page.locator("section.newsblocks-comment-policy")
    expect(footer).to_have_attribute("data-comments-state", "closed")
    expect(footer.get_by_role("link", name="community@example.org")).to_be_visible()

    page.goto("/admin/")
    sidebar(page).get_by_role("button", name="Settings").click()
    sidebar(page).get_by_role("link", name="Comment policy").click()
    settings_url = page.url
    field_input(page, "contact_email").fill("leserforum@example.org")
    # The texts are optional, so their group starts collapsed.
    texts = page.locator("section[data-panel]", has=page.get_by_role("heading", name="Texts"))
    closed_message = field_input(page, "closed_message")
    expect(closed_message).to_be_hidden()
    texts.locator("[data-panel-toggle]").first.click()
    closed_message.fill("Nach {months} Monaten ist diese Diskussion geschlossen.")
    screenshot(page, "admin-comment-policy-settings", height=1130)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("updated")

    read_again(page, story.url)
    expect(footer).to_have_attribute("data-comments-state", "closed")
    expect(footer.locator(".newsblocks-comment-policy__message")).to_have_text(
        "Nach 18 Monaten ist diese Diskussion geschlossen."
    )
    expect(footer.get_by_role("link", name="leserforum@example.org")).to_have_attribute(
        "href", "mailto:leserforum@example.org"
    )

    # Ten years instead of 18 months: the same story is open again.
    page.goto(settings_url)
    field_input(page, "close_after_months").fill("120")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("updated")
    read_again(page, story.url)
    expect(footer).to_have_attribute("data-comments-state", "open")
    expect(footer.locator("time")).to_have_attribute("datetime", re.compile(r"^2033-09-13T"))
    assert page.console_errors == []
    assert page.failed_requests == []


def test_a_new_roster_entry_in_the_editors_chosen_language(admin_page, demo_site):
    """#20.1: Add expert offers the site's languages; the entry is filed in the one chosen."""
    from wagtail_newsblocks.models import Expert

    page = admin_page
    page.goto("/admin/snippets/wagtail_newsblocks/expert/add/")
    # Wagtail's status panel: "Locale: English", with a switch to the others.
    page.locator("[data-side-panel-toggle=status]").click()
    expect(page.locator("#status-sidebar-english")).to_have_text("Locale: English")
    page.get_by_role("button", name="Switch locales").click()
    page.get_by_role("link", name=re.compile("Deutsch")).click()
    page.wait_for_url(re.compile(r"[?&]locale=de"))
    page.locator("[data-side-panel-toggle=status]").click()
    expect(page.locator("#status-sidebar-deutsch")).to_have_text("Locale: Deutsch")
    page.locator("[data-side-panel-toggle=status]").click()
    field_input(page, "name").fill("Anna Berger")
    field_input(page, "role").fill("Sprecherin")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Anna Berger")
    assert Expert.objects.get(name="Anna Berger").locale.language_code == "de"
    assert page.console_errors == []
