"""One publish shows every problem: the blocks' own errors and the story's together.

Editors observed that publishing a story with a too-long quote and a skipped
heading level showed the quote's error only; the heading's came on the next
attempt.
"""

from __future__ import annotations

import pytest
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.test.utils.form_data import rich_text

from tests.test_repetition import form_pull_quote, post_data, story
from wagtail_newsblocks.conf import newsblocks_settings


def form_subhead(text, level, anchor=""):
    return ("subhead", {"text": text, "level": level, "anchor": anchor})


def messages_by_block(error) -> dict[int, dict[str, list[str]]]:
    return {
        index: {name: e.messages for name, e in block_error.block_errors.items()}
        for index, block_error in error.block_errors.items()
    }


def too_long_quote() -> str:
    return "Wort " * (newsblocks_settings.PULL_QUOTE_MAX_LENGTH // 5 + 10)


class TestCleanReportsEverything:
    def test_block_errors_and_story_errors_together(self):
        block, value = story(
            ("subhead", {"text": "Erst", "level": "h2", "anchor": "gleich"}),
            ("pull_quote", {"quote": too_long_quote(), "attribution": "Kim Jong Un"}),
            ("subhead", {"text": "Zu tief", "level": "h4", "anchor": ""}),
            ("subhead", {"text": "Wieder", "level": "h2", "anchor": "gleich"}),
        )
        with pytest.raises(StreamBlockValidationError) as caught:
            block.clean(value)
        errors = messages_by_block(caught.value)
        assert sorted(errors) == [1, 2, 3]
        assert "quote" in errors[1]
        assert errors[2]["level"][0].startswith("Block 3 (Subhead “Zu tief”) is an h4")
        assert "already used by block 1" in errors[3]["anchor"][0]

    def test_one_block_with_a_field_error_and_a_story_error(self):
        block, value = story(
            ("paragraph", "<p>Ein Absatz.</p>"),
            (
                "pull_quote",
                {"quote": too_long_quote(), "attribution": "", "presentation": "repeats"},
            ),
        )
        with pytest.raises(StreamBlockValidationError) as caught:
            block.clean(value)
        errors = messages_by_block(caught.value)
        assert set(errors[1]) == {"quote", "presentation"}


@pytest.mark.django_db
def test_the_admin_shows_every_problem_at_once(admin_client, make_story):
    page = make_story([("paragraph", "<p>Ein Absatz.</p>")], language="de", slug="eine-story")
    response = admin_client.post(
        f"/admin/pages/{page.pk}/edit/",
        post_data(
            ("paragraph", rich_text("<p>Ein Absatz.</p>")),
            form_pull_quote(too_long_quote(), "standalone"),
            form_subhead("Zu tief", "h4"),
        ),
    )
    assert response.status_code == 200
    error = response.context["form"].errors["body"].as_data()[0].as_json_data()
    assert sorted(error["blockErrors"]) == [1, 2]
    assert "quote" in error["blockErrors"][1]["blockErrors"]
    assert "level" in error["blockErrors"][2]["blockErrors"]
