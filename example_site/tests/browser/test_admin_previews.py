"""The block chooser's previews: each block whole at the chooser's size, in the admin's language (#20.4)."""

import pytest
from playwright.sync_api import expect

from .helpers import StreamField

pytestmark = pytest.mark.browser

LABELS = {
    "en": [
        "Table of contents",
        "Paragraph",
        "Image",
        "Subhead",
        "Pull quote",
        "Expert box",
        "Comment policy",
    ],
    "de": [
        "Inhaltsverzeichnis",
        "Absatz",
        "Bild",
        "Zwischentitel",
        "Zitat",
        "Expertenkasten",
        "Kommentarregeln",
    ],
}

# Something of each block's example that is only there when the block is
# shown to its end: the speaker after a quote, the contact under a footer, …
LAST_WORDS = {
    "en": {
        "Pull quote": "North Korea's leader",
        "Expert box": "speaking to us",
        "Comment policy": "community@example.org",
        "Subhead": "Kremlin",
    },
    "de": {
        # The story language's marks: the admin's, as the preview has no page.
        "Zitat": "„",
        "Expertenkasten": "im Gespräch mit uns",
        "Kommentarregeln": "community@example.org",
    },
}

FITS = """() => {
    const frame = document.querySelector('.w-combobox-preview iframe');
    const doc = frame.contentDocument;
    return {
        box: frame.getBoundingClientRect().height,
        viewport: frame.contentWindow.innerHeight,
        content: doc.documentElement.scrollHeight,
        width: doc.documentElement.scrollWidth,
        viewportWidth: frame.contentWindow.innerWidth,
        lang: doc.documentElement.lang,
    };
}"""


def open_story_editor(page, story_pk):
    page.goto(f"/admin/pages/{story_pk}/edit/")
    return StreamField(page, "body")


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_preview_shows_its_block_whole(admin_page, demo_site, editor, language):
    from wagtail.users.models import UserProfile

    from news.models import NewsStoryPage

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    story = NewsStoryPage.objects.get(slug="night-trains-return-to-the-alps")
    body = open_story_editor(admin_page, story.pk)
    measured = {}
    for label in LABELS[language]:
        body.open_chooser()
        preview, _description = body.show_preview(label)
        expect(preview.locator("main > *").first).to_be_visible()
        if label in LAST_WORDS[language]:
            expect(preview).to_contain_text(LAST_WORDS[language][label])
        # The preview's images have loaded, so the height is the final one.
        admin_page.wait_for_function(
            "() => [...document.querySelector('.w-combobox-preview iframe')"
            ".contentDocument.images].every((image) => image.complete)"
        )
        size = admin_page.evaluate(FITS)
        measured[label] = size
        admin_page.keyboard.press("Escape")
    for label, size in measured.items():
        assert size["lang"] == language, (label, size)
        assert size["content"] <= size["viewport"], (label, size)
        assert size["width"] <= size["viewportWidth"], (label, size)
    assert admin_page.console_errors == []


def test_english_comment_policy_preview_links_no_german_page(admin_page, demo_site):
    from news.models import NewsStoryPage

    story = NewsStoryPage.objects.get(slug="night-trains-return-to-the-alps")
    body = open_story_editor(admin_page, story.pk)
    body.open_chooser()
    preview, _description = body.show_preview("Comment policy")
    expect(preview).to_contain_text("community@example.org")
    expect(preview.locator("a", has_text="Themenübersicht")).to_have_count(0)
    expect(preview.locator("[lang=de]")).to_have_count(0)
