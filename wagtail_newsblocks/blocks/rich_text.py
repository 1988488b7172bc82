"""Rich text that is cleaned whenever it is written."""

from __future__ import annotations

from typing import Any

from wagtail import blocks
from wagtail.rich_text import RichText

from ..sanitize import clean_rich_text, without_lone_surrogates

__all__ = ["NewsRichTextBlock"]


class NewsRichTextBlock(blocks.RichTextBlock):
    """A ``RichTextBlock`` whose HTML is cleaned with bleach when it is written.

    Cleaning follows the block's editor features: a block with ``bold`` and
    ``link`` keeps ``<b>`` and safe links and loses everything else but the
    text. It happens in ``clean()`` (the admin shows the cleaned result), in
    ``get_prep_value()`` (every save, whatever the value's road: the admin,
    Python code, raw JSON, importers) and in ``to_python()``, when a stored
    value is read: content that reached the database without passing the
    blocks (``QuerySet.update``, raw SQL, a restored backup) is cleaned before
    anything shows it. Reading clean text costs a memoised check, not bleach.
    """

    def clean_source(self, source: str) -> str:
        # A lone surrogate cannot be written to any page; like markup the
        # features do not allow, it is cleaned away rather than refused.
        return clean_rich_text(without_lone_surrogates(source), self.features)

    def to_python(self, value: Any) -> Any:
        return RichText(self.clean_source(value) if isinstance(value, str) else "")

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return RichText(self.clean_source(value.source))

    def get_prep_value(self, value: Any) -> Any:
        return self.clean_source(super().get_prep_value(value))

    def restore_translated_segments(self, value: Any, segments: list) -> Any:
        """wagtail-localize: a translation's HTML goes through the same cleaning."""
        from ..localize import restore_rich_text

        return restore_rich_text(self, segments)

    def sanitize_raw(self, raw: Any) -> Any:
        """Clean a value still in its stored (JSON) form."""
        return self.clean_source(raw) if isinstance(raw, str) else ""


DECONSTRUCT_ALIASES = {NewsRichTextBlock: "wagtail_newsblocks.blocks.NewsRichTextBlock"}
