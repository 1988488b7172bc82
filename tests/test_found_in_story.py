"""Whether a pull quote repeats the story is worked out when the story is saved.

Rendering a stored story reads the answer from each pull quote's stored item
(``found_in_story``) instead of normalising the whole story's text on every
render; anything that changes the story after loading makes it work the
answer out again.
"""

from __future__ import annotations

import json

import pytest
from wagtail.rich_text import RichText

from tests.factories import pull_quote_value, stored_body
from wagtail_newsblocks import repetition
from wagtail_newsblocks.blocks import NewsStoryBlock

pytestmark = pytest.mark.django_db

SAID = "Die Züge fahren wieder über die Alpen"
PARAGRAPH = f"<p>„{SAID}“, sagte die Sprecherin.</p>"
NEW = "Niemand hat das erwartet"


def story_json() -> list[dict]:
    return [
        {"type": "paragraph", "value": PARAGRAPH},
        {"type": "pull_quote", "value": pull_quote_value(quote=SAID, attribution="Maren Holt")},
        {"type": "pull_quote", "value": pull_quote_value(quote=NEW, attribution="Maren Holt")},
    ]


@pytest.fixture
def saved() -> list[dict]:
    """The story as the block writes it."""
    block = NewsStoryBlock()
    return block.get_prep_value(block.to_python(story_json()))


@pytest.fixture
def no_story_text(monkeypatch):
    """Fail if anything reads the whole story's text (request it after ``saved``)."""

    def refuse(self, passages):
        raise AssertionError("the story's text was normalised")

    monkeypatch.setattr(repetition.StoryText, "__init__", refuse)


def load(prep: list[dict]):
    block = NewsStoryBlock()
    return block, block.to_python(json.loads(json.dumps(prep)))


def quote_flags(prep: list[dict]) -> list:
    return [item.get("found_in_story") for item in prep if item["type"] == "pull_quote"]


def test_saving_stores_the_answer_for_each_pull_quote(saved):
    assert quote_flags(saved) == [True, False]
    assert "found_in_story" not in saved[0]


def test_a_stored_story_renders_without_reading_its_text(saved, no_story_text):
    block, story = load(saved)
    html = block.render(story, {})
    assert html.count('class="newsblocks-pull-quote newsblocks-pull-quote--repeat') == 1
    assert html.count("<blockquote") == 1
    assert [child.value.repeats_story_text for child in list(story)[1:]] == [True, False]


def test_saving_a_loaded_story_again_keeps_the_answers_without_reading_its_text(
    saved, no_story_text
):
    block, story = load(saved)
    list(story)  # rendered before being saved
    assert quote_flags(block.get_prep_value(story)) == [True, False]
    block, story = load(saved)  # and not
    assert quote_flags(block.get_prep_value(story)) == [True, False]


def test_a_paragraph_replaced_after_loading_is_taken_into_account(saved):
    block, story = load(saved)
    story[0] = ("paragraph", RichText(f"<p>{NEW}, sagte sie.</p>"))
    assert [child.value.repeats_story_text for child in list(story)[1:]] == [False, True]
    assert quote_flags(block.get_prep_value(story)) == [False, True]


def test_a_child_edited_in_place_is_taken_into_account_when_saving(saved):
    block, story = load(saved)
    # Assigning to a child's value, as wagtail-localize does for translations,
    # goes past the stream value's bookkeeping.
    story[0].value = RichText(f"<p>{NEW}, sagte sie.</p>")
    assert quote_flags(block.get_prep_value(story)) == [False, True]


def test_answers_in_json_that_was_not_written_by_the_block_are_not_trusted():
    block = NewsStoryBlock()
    raw = story_json()
    raw[1]["found_in_story"] = False
    raw[2]["found_in_story"] = True
    story = block.to_python(raw)
    assert [child.value.repeats_story_text for child in list(story)[1:]] == [True, False]
    assert quote_flags(block.get_prep_value(block.to_python(raw))) == [True, False]


def test_a_saved_page_stores_the_answers(make_story):
    page = make_story(story_json(), language="de")
    assert quote_flags(stored_body(page)) == [True, False]
