"""Bad input gets a clear error naming the block and field; stored content is never lost."""

import logging

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page
from wagtail.rich_text import RichText

from tests.factories import make_image, pull_quote_value, stored_body, write_stored_body
from tests.testapp.models import StoryPage
from wagtail_newsblocks.blocks import StoryValidationError
from wagtail_newsblocks.models import Expert


def pull_quote(**overrides):
    return {"type": "pull_quote", "value": pull_quote_value(**overrides)}


@pytest.fixture
def story(make_story):
    return make_story([("paragraph", RichText("<p>Original text.</p>"))])


def save_refused(story, body):
    """Assign ``body`` through Python, try to publish, return the error's messages."""
    revisions = story.revisions.count()
    story.body = body
    with pytest.raises(StoryValidationError) as caught:
        story.save_revision().publish()
    fresh = StoryPage.objects.get(pk=story.pk)
    assert fresh.revisions.count() == revisions, "a revision was saved"
    assert stored_body(fresh)[0]["value"] == "<p>Original text.</p>", "the story changed"
    return caught.value.messages


@pytest.mark.django_db
class TestPythonAndJsonPath:
    def test_unknown_block_type_is_kept_with_a_warning(self, story, caplog):
        # An unknown type is data (a block since removed, another system's
        # content): never lost, never shown, and the log says so.
        story.body = [
            {"type": "paragraph", "value": "<p>A</p>"},
            {"type": "factbox", "value": {"text": "B"}, "id": "f"},
        ]
        with caplog.at_level(logging.WARNING, logger="wagtail_newsblocks"):
            story.save_revision().publish()
        assert stored_body(story)[1] == {"type": "factbox", "value": {"text": "B"}, "id": "f"}
        assert any(
            "Block 2: unknown block type “factbox” (known types: paragraph, image, pull_quote, "
            "subhead, table_of_contents, expert_opinion, comment_policy); kept as stored, "
            "not shown." in record.getMessage()
            for record in caplog.records
        )

    def test_an_item_that_is_no_block_is_refused(self, story):
        messages = save_refused(
            story, [{"type": "paragraph", "value": "<p>A</p>"}, ["not", "a", "block"]]
        )
        assert messages == ["Block 2: expected an object with “type” and “value”, not list."]

    def test_value_that_is_not_an_object(self, story):
        messages = save_refused(story, [{"type": "pull_quote", "value": "just a string"}])
        assert messages == [
            "Block 1 (Pull quote): Pull quote: expected an object with the fields quote, "
            "attribution, role, speaker, source_url, language, alignment, presentation, not str."
        ]

    def test_wrong_value_types(self, story):
        messages = save_refused(story, [pull_quote(quote=["a", "list"], speaker="Kim")])
        assert sorted(messages) == [
            "Block 1 (Pull quote), “Quote”: Pull quote: “Quote” must be text.",
            "Block 1 (Pull quote), “Speaker from the roster”: Pull quote: “Speaker from the roster” "
            "must be the id of an object (a number).",
        ]

    def test_invalid_choice(self, story):
        messages = save_refused(story, [pull_quote(alignment="diagonal")])
        assert messages == [
            "Block 1 (Pull quote), “Alignment”: Select a valid choice. diagonal is not one of the "
            "available choices."
        ]

    def test_missing_required_field(self, story):
        messages = save_refused(story, [{"type": "subhead", "value": {"level": "h2"}}])
        assert messages == ["Block 1 (Subhead), “Subhead”: This field is required."]

    def test_over_the_limit(self, story):
        messages = save_refused(story, [pull_quote(quote="x" * 300)])
        assert messages == [
            "Block 1 (Pull quote), “Quote”: Pull quote: the quote has 300 characters; the limit "
            "is 280. Shorten it by 20 characters."
        ]

    def test_invalid_url_and_email(self, story):
        messages = save_refused(
            story,
            [
                pull_quote(source_url="not a url"),
                {
                    "type": "comment_policy",
                    "value": {
                        "mode": "closed",
                        "contact_email": "forum(at)example",
                        "message": "",
                        "close_after_months": None,
                        "discussion_page": None,
                    },
                },
            ],
        )
        assert messages == [
            "Block 1 (Pull quote), “Source URL”: Enter a valid URL.",
            "Block 2 (Comment policy), “Contact email”: Enter a valid email address.",
        ]

    def test_references_that_do_not_exist(self, story):
        messages = save_refused(
            story,
            [
                pull_quote(speaker=999_999),
                {
                    "type": "image",
                    "value": {
                        "image": {"image": 999_998, "decorative": False, "alt_text": "x"},
                        "caption": "",
                        "credit": "",
                    },
                },
                {
                    "type": "comment_policy",
                    "value": {
                        "mode": "closed",
                        "discussion_page": 999_997,
                        "message": "",
                        "contact_email": "",
                        "close_after_months": None,
                    },
                },
            ],
        )
        assert messages == [
            "Block 1 (Pull quote), “Speaker from the roster”: Pull quote: Speaker from the roster "
            "“999999” does not exist (or has been deleted).",
            "Block 2 (Image), “Image”: Image: Image “999998” does not exist (or has been deleted).",
            "Block 3 (Comment policy), “Where to discuss now”: Comment policy: Where to discuss now "
            "“999997” does not exist (or has been deleted).",
        ]

    def test_a_new_page_is_not_created_half_way(self, news_index):
        pages, children = Page.objects.count(), news_index.numchild
        with pytest.raises(StoryValidationError):
            news_index.add_child(
                instance=StoryPage(title="Bad", slug="bad", body=[{"type": "paragraph"}])
            )
        assert Page.objects.count() == pages
        assert Page.objects.get(pk=news_index.pk).numchild == children

    def test_the_error_keeps_wagtails_structure_for_code(self, story):
        story.body = [{"type": "pull_quote", "value": {"attribution": "Kim"}}]
        with pytest.raises(StoryValidationError) as caught:
            story.save()
        assert caught.value.block_errors[0].block_errors["quote"].messages == [
            "This field is required."
        ]

    def test_an_empty_value_is_a_draft_not_an_error(self, story):
        # Code may save an unfinished story, as editors may save a draft; the
        # admin's publish checks catch the empty quote.
        story.body = [pull_quote(quote="")]
        story.save_revision()
        assert story.revisions.count() == 2


@pytest.mark.django_db
class TestStaleReferences:
    def test_deleted_image_and_page_degrade_with_a_warning(self, make_story, client, caplog):
        image = make_image("Soon gone")
        story = make_story(
            [
                {"type": "paragraph", "value": "<p>Text stays.</p>"},
                {
                    "type": "image",
                    "value": {
                        "image": {"image": image.pk, "decorative": False, "alt_text": "Alt"},
                        "caption": "Caption",
                        "credit": "",
                    },
                },
            ]
        )
        image.delete()
        with caplog.at_level(logging.WARNING, logger="wagtail_newsblocks"):
            response = client.get(story.url)
        assert response.status_code == 200
        assert b"Text stays." in response.content
        assert any("no longer exist" in record.getMessage() for record in caplog.records)

    def test_saving_a_story_with_a_stale_reference_still_works(self, make_story):
        expert = Expert.objects.create(name="Gone Soon")
        story = make_story([pull_quote(speaker=expert.pk)])
        expert.delete()
        page = StoryPage.objects.get(pk=story.pk)
        page.title = "Edited"
        page.save_revision().publish()
        assert stored_body(page)[0]["value"]["expert_snapshot"]["name"] == "Gone Soon"


@pytest.mark.django_db
class TestOldStoredContent:
    OLD = [
        # Written by an older release: a renamed field ("speaker_name"), a block
        # type that no longer exists, and a value that is not even an object.
        {
            "type": "pull_quote",
            "id": "a",
            "checked": True,
            "value": {"quote": "Alt", "speaker_name": "Kim", "alignment": "left"},
        },
        {"type": "factbox", "id": "b", "checked": True, "value": {"text": "Kept"}},
        {
            "type": "subhead",
            "id": "c",
            "checked": True,
            "value": {"text": "Heading", "level": "h2"},
        },
        {"type": "table_of_contents", "id": "d", "checked": True, "value": "broken"},
    ]

    def test_loads_and_renders_what_it_can(self, story, client, caplog):
        write_stored_body(story, self.OLD)
        with caplog.at_level(logging.WARNING, logger="wagtail_newsblocks"):
            response = client.get(story.url)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        quote = soup.select_one(".newsblocks-pull-quote")
        assert quote.select_one(".newsblocks-pull-quote__text").get_text() == "“Alt”"
        assert "newsblocks-pull-quote--left" in quote["class"]
        assert soup.select_one("h2#heading").get_text() == "Heading"
        assert any("unknown block type" in record.getMessage() for record in caplog.records)

    def test_saving_again_keeps_everything(self, story):
        old = [item for item in self.OLD if item["type"] != "table_of_contents"]
        write_stored_body(story, old)
        page = StoryPage.objects.get(pk=story.pk)
        page.title = "Edited"
        page.save()
        stored = stored_body(page)
        assert [item["type"] for item in stored] == ["pull_quote", "factbox", "subhead"]
        assert stored[0]["value"]["speaker_name"] == "Kim"
        # The item of an unknown type is written back exactly as it was.
        assert stored[1] == old[1]
        # Known items carry Wagtail's keys only: the old "checked" marker is gone.
        assert set(stored[0]) == set(stored[2]) == {"type", "value", "id"}

    def test_saving_a_value_that_no_longer_fits_says_so_and_changes_nothing(self, story):
        write_stored_body(story, self.OLD)
        page = StoryPage.objects.get(pk=story.pk)
        page.title = "Edited"
        with pytest.raises(StoryValidationError) as caught:
            page.save()
        assert caught.value.messages == [
            "Block 3 (Table of contents): Table of contents: expected an object with the "
            "fields title, max_level, not str."
        ]
        assert stored_body(page) == self.OLD
