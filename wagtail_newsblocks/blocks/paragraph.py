"""Body text: rich text with the features a news story needs, and no more."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from .. import render_cache
from . import previews
from .base import PREVIEW_TEMPLATE
from .rich_text import NewsRichTextBlock

__all__ = ["PARAGRAPH_FEATURES", "ParagraphBlock"]

# No headings (subheads are their own block, so the outline stays checkable),
# no embeds or images (they have blocks with captions and credits).
PARAGRAPH_FEATURES = [
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
    "superscript",
    "subscript",
    "strikethrough",
]


class ParagraphBlock(NewsRichTextBlock):
    render_cache = render_cache.BLOCK

    def render_cache_references(self, raw: Any) -> tuple:
        return ()

    def __init__(self, *args: Any, features: Sequence[str] | None = None, **kwargs: Any) -> None:
        # The default is applied here rather than passed by NewsStoryBlock, so
        # that users' migrations do not freeze this list.
        super().__init__(
            *args, features=PARAGRAPH_FEATURES if features is None else features, **kwargs
        )

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        help_text = _("Body text: bold, italic, links and lists.")
        template = "wagtail_newsblocks/blocks/paragraph.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(previews.paragraph)
        description = _("Running text of the story, with bold, italic, links and lists.")


DECONSTRUCT_ALIASES = {ParagraphBlock: "wagtail_newsblocks.blocks.ParagraphBlock"}
