"""One definition per limited field: clean(), the help text and the live counter agree (#18).

The browser half (the counter's JavaScript counting these same strings) is
``example_site/tests/browser/test_admin_counter.py``.
"""

from __future__ import annotations

import json
import sys

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Locale

from wagtail_newsblocks.blocks import ExpertOpinionBlock, PullQuoteBlock, SubheadBlock
from wagtail_newsblocks.blocks.length_limits import (
    COUNT_URL_NAME,
    PULL_QUOTE,
    SUBHEAD,
    trimmed_characters,
)
from wagtail_newsblocks.quotation_marks import strip_quotation_marks

# (text, characters that count) for a limit that ignores typed marks; the
# same strings are typed into the admin by the browser test.
QUOTE_COUNTS = [
    ("Nein", 4),
    ("  Nein \n", 4),
    ("„Nein“", 4),
    ('  "Nein"  ', 4),
    ("«\u202fnon\u202f»", 3),
    ("\u200b„Nein“\ufeff", 4),
    ('"Yes," he said, "no"', 20),
    ("'Tis the season'", 16),
    ("\x1cNein\x85", 4),
    ("🙂 ok", 4),
]


def quote_value(quote: str) -> dict:
    return {"quote": quote, "attribution": "Kim Jong Un", "role": "", "speaker": None}


def clean_errors(block, raw: dict) -> dict[str, list[str]]:
    try:
        block.clean(block.to_python(raw))
    except StructBlockValidationError as error:
        return {name: e.messages for name, e in error.block_errors.items()}
    return {}


def widget_attrs(block, name: str) -> dict[str, str]:
    html = block.child_blocks[name].field.widget.render(name, "", attrs={"id": name})
    return BeautifulSoup(html, "html.parser").find(["input", "textarea"]).attrs


@pytest.mark.parametrize(("text", "expected"), QUOTE_COUNTS)
def test_pull_quote_counts_the_words_without_typed_marks_or_edge_space(text, expected):
    assert PULL_QUOTE.count(text) == expected


@pytest.mark.parametrize(("text", "expected"), QUOTE_COUNTS)
def test_clean_refuses_exactly_what_the_count_puts_over_the_limit(text, expected):
    block = PullQuoteBlock()
    with override_settings(WAGTAIL_NEWSBLOCKS={"PULL_QUOTE_MAX_LENGTH": expected}):
        assert clean_errors(block, quote_value(text)) == {}
    with override_settings(WAGTAIL_NEWSBLOCKS={"PULL_QUOTE_MAX_LENGTH": expected - 1}):
        errors = clean_errors(block, quote_value(text))
    assert errors["quote"] == [
        f"Pull quote: the quote has {expected} characters; the limit is {expected - 1}. "
        "Shorten it by 1 character."
    ]


def test_typed_marks_at_the_limit_pass_and_one_more_character_does_not():
    block = PullQuoteBlock()
    assert clean_errors(block, quote_value(f" „{'x' * 280}“ ")) == {}
    assert "281 characters" in clean_errors(block, quote_value(f"„{'x' * 281}“"))["quote"][0]


@override_settings(WAGTAIL_NEWSBLOCKS={"PULL_QUOTE_MAX_LENGTH": 20, "SUBHEAD_MAX_LENGTH": 30})
def test_clean_help_text_and_counter_read_the_same_limit(db):
    quote = PullQuoteBlock()
    assert widget_attrs(quote, "quote")["data-newsblocks-count-max-value"] == "20"
    assert "At most 20 characters" in str(quote.child_blocks["quote"].field.help_text)
    assert "the limit is 20" in clean_errors(quote, quote_value("x" * 21))["quote"][0]
    subhead = SubheadBlock()
    assert widget_attrs(subhead, "text")["data-newsblocks-count-max-value"] == "30"
    assert "At most 30 characters." in str(subhead.child_blocks["text"].field.help_text)
    errors = clean_errors(subhead, {"text": "y" * 31, "level": "h2", "anchor": ""})
    assert "the limit is 30" in errors["text"][0]


def test_one_line_fields_count_as_their_own_limit_refuses():
    block = ExpertOpinionBlock()
    attrs = widget_attrs(block, "label")
    assert attrs["data-newsblocks-count-max-value"] == "60"
    assert attrs["data-newsblocks-count-trim-value"] == trimmed_characters()
    field = block.child_blocks["label"].field
    # Django strips, then counts code points: 60 emoji with spaces around fit.
    assert field.clean(f"  {'🙂' * 60}\x1c") == "🙂" * 60
    with pytest.raises(Exception, match="at most 60"):
        field.clean("🙂" * 61)


def test_the_counter_trims_what_python_strips():
    plain = trimmed_characters()
    assert plain == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.strip() == "")
    with_invisible = trimmed_characters(with_invisible=True)
    for character in with_invisible:
        assert strip_quotation_marks(f"{character}x{character}") == "x", hex(ord(character))
    # Nothing else is trimmed by the quotation-mark rule.
    assert strip_quotation_marks("\u00adx\u00ad") == "\u00adx\u00ad"
    assert SUBHEAD.count("\u200bx") == 2


def test_quote_counter_gets_its_rule_and_the_languages_marks(db):
    attrs = widget_attrs(PullQuoteBlock(), "quote")
    assert attrs["data-newsblocks-count-url-value"] == reverse(COUNT_URL_NAME)
    assert attrs["data-newsblocks-count-rule-value"] == "pull_quote"
    marks = json.loads(attrs["data-newsblocks-count-marks-value"])
    assert marks["de"] == {"marks": "„…“", "name": "Deutsch"}
    assert marks["en"]["marks"] == "“…”"
    assert marks["fr"]["marks"] == "«\u202f…\u202f»"
    # One locale: every page is in it.
    assert attrs["data-newsblocks-count-default-language-value"] == "en"
    # Pages in several locales and no i18n: the admin does not say which
    # (ACTIVE_CONTENT_LOCALE), so neither does the hint.
    Locale.objects.get_or_create(language_code="de")
    attrs = widget_attrs(PullQuoteBlock(), "quote")
    assert attrs["data-newsblocks-count-default-language-value"] == ""
    # A subhead keeps typed marks: they are part of its text.
    assert "data-newsblocks-count-url-value" not in widget_attrs(SubheadBlock(), "text")


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize(("text", "expected"), QUOTE_COUNTS)
def test_count_view_counts_as_clean_does(admin_client, text, expected):
    response = admin_client.post(reverse(COUNT_URL_NAME), {"rule": "pull_quote", "text": text})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == expected
    assert data["typed_marks"] is PULL_QUOTE.leaves_out_typed_marks(text)


@pytest.mark.parametrize(
    ("text", "typed"),
    [("„Nein“", True), ("\u200bNein", False), ("\u200b„Nein“ ", True), ("'Tis the season'", False)],
)
def test_typed_marks_are_told_apart_from_invisible_characters(text, typed):
    assert PULL_QUOTE.leaves_out_typed_marks(text) is typed
    assert SUBHEAD.leaves_out_typed_marks(text) is False


def test_count_view_is_for_editors_only(client, db):
    response = client.post(reverse(COUNT_URL_NAME), {"rule": "pull_quote", "text": "x"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_count_view_refuses_an_unknown_rule(admin_client):
    response = admin_client.post(reverse(COUNT_URL_NAME), {"rule": "nope", "text": "x"})
    assert response.status_code == 400
