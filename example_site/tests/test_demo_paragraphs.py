"""The demo's seed story passes the package's sanitiser fast path untouched.

Moved from tests/test_sanitize_fast_path.py: its corpus is the example site's
demo content (``news.demo_content``).
"""

from __future__ import annotations

import pytest

from tests.test_sanitize_fast_path import _rules_without_cleaner
from wagtail_newsblocks import sanitize
from wagtail_newsblocks.blocks import PARAGRAPH_FEATURES
from wagtail_newsblocks.sanitize import clean_rich_text


@pytest.mark.parametrize(
    "as_written",
    [lambda html: html, lambda html: html.replace("<p>", '<p data-block-key="dqyh8">')],
    ids=["as stored", "with the editor's block keys"],
)
def test_stories_seed_paragraphs_skip_bleach(monkeypatch, as_written):
    from news.demo_content import SEED_STORY

    features = tuple(sorted(PARAGRAPH_FEATURES))
    sanitize._clean.cache_clear()
    monkeypatch.setattr(sanitize, "_cleaner", lambda *args: pytest.fail("bleach ran on clean text"))
    monkeypatch.setattr(sanitize, "_fast_rules", _rules_without_cleaner(features))
    for kind, value in SEED_STORY["body"]:
        if kind == "paragraph":
            assert clean_rich_text(as_written(value), features) == value
    sanitize._clean.cache_clear()
