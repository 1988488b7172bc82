"""The story text that pull quotes are looked up in is built without Django's HTML parser
where the markup is plain; the result must be exactly what the parser gives.

``repetition._strip_tags`` may hand text to ``django.utils.html.strip_tags``
too often, never give a different answer; ``StoryText`` normalises the whole
story in one pass, which must equal normalising each passage on its own.
"""

from __future__ import annotations

import random

import pytest
from django.utils.html import strip_tags

from tests.xss import vectors
from wagtail_newsblocks import repetition
from wagtail_newsblocks.repetition import StoryText, normalize_text

_PIECES = [
    "Text",
    " ",
    "\n",
    "ä ß ẞ €",
    "„Zitat“",
    "« citation »",
    "…",
    "\u00ad",
    "\u0301",
    "\x00",
    "&amp;",
    "&nbsp;",
    "&",
    "<",
    ">",
    "<p>",
    "</p>",
    '<P CLASS="x">',
    "</p >",
    "</ p>",
    "<br/>",
    "<br>",
    '<a href="https://example.com/?a=1&amp;b=2">',
    '<a href="x>y">',
    "<a href='x'>",
    "<a href=x>",
    "</a>",
    "<b>",
    "</b>",
    "<li>",
    "<!-- note -->",
    "<script>",
    "</script>",
    "<style>",
    "<textarea>",
    "<>",
    "< p>",
    "<p/>",
    '<p\nclass="y">',
]


# Characters that the whole-story pass treats apart (ASCII letters, digits and
# the space are set aside bytewise) or that UTF-8 cannot encode on its own.
_WORDY = [
    *_PIECES,
    "Wort",
    "WORT",
    ",",
    ".",
    "_",
    "42",
    "\t",
    "\u2003",
    "\u01c5",
    "\u0661",
    "\x1f",
    "\ud800",
]


def _documents(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))


def _reference_strip(html: str):
    try:
        return strip_tags(html)
    except Exception as error:  # SuspiciousOperation on pathological input
        return type(error)


def _fast_strip(html: str):
    try:
        return repetition._strip_tags(html)
    except Exception as error:
        return type(error)


@pytest.mark.parametrize("seed", range(4))
def test_stripping_tags_equals_djangos_strip_tags(seed):
    for html in _documents(5000, seed):
        assert _fast_strip(html) == _reference_strip(html), repr(html)


def test_stripping_tags_equals_djangos_strip_tags_on_the_xss_corpus():
    for html in vectors():
        assert _fast_strip(html) == _reference_strip(html), repr(html)


def test_the_plain_form_is_taken_without_the_parser(monkeypatch):
    # The fast road must actually be taken for ordinary stored rich text.
    def fail(html):
        raise AssertionError(f"parser used for {html!r}")

    monkeypatch.setattr(repetition, "strip_tags", fail)
    html = (
        '<p>Kim sagte: „Wir <b>werden</b> <a href="https://example.com/a">siegen</a>“.<br/>Ja.</p>'
    )
    assert repetition.rich_text_passages(html) == ["Kim sagte: „Wir werden siegen“. Ja."]


@pytest.mark.parametrize("seed", range(4))
def test_story_text_equals_normalising_each_passage(seed):
    rng = random.Random(seed)
    for _ in range(3000):
        passages = [
            "".join(rng.choice(_WORDY) for _ in range(rng.randint(0, 8)))
            for _ in range(rng.randint(0, 5))
        ]
        expected = "\n".join(f" {text} " for text in map(normalize_text, passages) if text)
        assert StoryText(passages)._text == expected, passages
