"""An admin save keeps what the form cannot show (issue 17, part 4).

A story holding an item of an unknown block type, a stored key from an older
block layout and an expert box whose roster entry was deleted is opened in
the admin and saved unchanged: all three survive, and the editor is told.
"""

import json

import pytest
from django.db import connection
from playwright.sync_api import expect

from .helpers import publish

pytestmark = pytest.mark.browser


def stored(page_id):
    from news.models import NewsStoryPage

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT body FROM {NewsStoryPage._meta.db_table} WHERE page_ptr_id = %s", [page_id]
        )
        return json.loads(cursor.fetchone()[0])


@pytest.fixture
def story_with_old_data(demo_site):
    from news.models import NewsStoryPage
    from tests.factories import expert_opinion_value, pull_quote_value
    from wagtail_newsblocks.models import Expert

    expert = Expert.objects.create(name="Joseph Dempsey", role="Forscher", organization="IISS")
    story = demo_site.add_child(
        instance=NewsStoryPage(title="Old data", slug="old-data", lead="Lead.", body=[])
    )
    story.body = [
        {"type": "paragraph", "value": "<p>Erster Absatz.</p>", "id": "p1"},
        {
            "type": "pull_quote",
            "value": {**pull_quote_value(quote="Wir stehen zusammen"), "speaker_name": "Kim"},
            "id": "q1",
        },
        {"type": "factbox", "value": {"text": "Fakten aus dem alten CMS"}, "id": "f1"},
        {
            "type": "expert_opinion",
            "value": expert_opinion_value(
                expert=expert.pk, statement="<p>Der Zugang dürfte den Konflikt verlängern.</p>"
            ),
            "id": "e1",
        },
    ]
    story.save_revision().publish()
    expert.delete()
    return NewsStoryPage.objects.get(pk=story.pk)


def test_an_unchanged_admin_save_keeps_unknown_blocks_old_keys_and_snapshots(
    admin_page, story_with_old_data
):
    page = admin_page
    before = stored(story_with_old_data.pk)
    assert before[3]["value"]["expert_snapshot"]["name"] == "Joseph Dempsey"
    page.goto(f"/admin/pages/{story_with_old_data.pk}/edit/")
    notices = page.locator(".newsblocks-kept-notice")
    expect(notices).to_have_count(3)
    expect(notices.nth(0)).to_contain_text("factbox")
    expect(page.locator(".newsblocks-kept-notice", has_text="speaker_name")).to_have_count(1)
    expect(page.locator(".newsblocks-kept-notice", has_text="Joseph Dempsey")).to_have_count(1)

    publish(page)
    expect(page.locator(".messages")).to_contain_text("published")
    after = stored(story_with_old_data.pk)
    assert [item["type"] for item in after] == [item["type"] for item in before]
    assert after[2] == before[2]
    assert after[1]["value"]["speaker_name"] == "Kim"
    assert after[3]["value"]["expert_snapshot"] == before[3]["value"]["expert_snapshot"]
    assert after[3]["value"]["expert"] is None


def test_a_moved_block_takes_the_item_after_it_along(admin_page, story_with_old_data):
    page = admin_page
    page.goto(f"/admin/pages/{story_with_old_data.pk}/edit/")
    # Delete the pull quote that the unknown item followed: the item stays, in place.
    quote = page.locator("[data-contentpath='q1']")
    quote.locator("button[title='Delete'], button[aria-label='Delete']").first.click()
    publish(page)
    expect(page.locator(".messages")).to_contain_text("published")
    after = stored(story_with_old_data.pk)
    assert [item["type"] for item in after] == ["paragraph", "factbox", "expert_opinion"]


def test_an_item_that_is_no_block_is_explained_and_can_be_removed(admin_page, demo_site):
    from news.models import NewsStoryPage
    from tests.factories import write_stored_body

    story = demo_site.add_child(
        instance=NewsStoryPage(title="Broken", slug="broken", lead="Lead.", body=[])
    )
    story.save_revision().publish()
    write_stored_body(
        story,
        [
            {"type": "paragraph", "value": "<p>Erster Absatz.</p>", "id": "p1"},
            {"type": "paragraph", "id": "no-value"},
        ],
    )
    page = admin_page
    page.goto(f"/admin/pages/{story.pk}/edit/")
    note = page.locator(".newsblocks-kept-notice")
    expect(note).to_contain_text("Block 2: the paragraph block has no value")
    # Saving as it is would write what is no block: refused, with the reason.
    publish(page)
    expect(page.locator(".messages")).to_contain_text("validation errors")
    expect(page.locator("body")).to_contain_text("Block 2: the paragraph block has no value")
    assert stored(story.pk)[1] == {"type": "paragraph", "id": "no-value"}
    # The editor may drop it.
    page.locator(".newsblocks-kept-notice input[type=checkbox]").check()
    publish(page)
    expect(page.locator(".messages")).to_contain_text("published")
    assert [item["id"] for item in stored(story.pk)] == ["p1"]
