"""Pieces every newsblocks block shares."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from django import forms
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockAdapter

from ..outline import clean_anchor, slugify_anchor
from ..widgets import CharacterCountInput

try:
    from wagtail.admin.telepath import register as register_telepath_adapter
except ImportError:  # pragma: no cover - Wagtail 7.4
    from wagtail.telepath import register as register_telepath_adapter

if TYPE_CHECKING:
    from .story import NewsStoryValue

PREVIEW_TEMPLATE = "wagtail_newsblocks/previews/block_preview.html"


class StoryAwareStructValue(blocks.StructValue):
    """A struct value that can see the story it is part of.

    ``NewsStoryValue`` sets :attr:`story` when it hands the child out, so that a
    subhead can find its unique anchor and a table of contents its headings,
    whether the site renders ``{% include_block page.body %}`` or loops over
    the children itself.
    """

    story: NewsStoryValue | None = None

    def outline_entry(self) -> tuple[str, int, str] | None:
        """``(text, level, editor_anchor)`` if this block heads a section of the story."""
        return None

    @property
    def anchor_id(self) -> str:
        """The id this block's heading renders with: unique within its story."""
        if self.story is not None:
            heading = self.story.outline.heading_for(self)
            if heading is not None:
                return heading.anchor
        # Rendered on its own (a block preview, a custom template): only this
        # block is known, so uniqueness cannot be promised.
        entry = self.outline_entry()
        if entry is None:
            return ""
        text, _level, anchor = entry
        return clean_anchor(anchor) or slugify_anchor(text)


class NewsblocksStructBlock(blocks.StructBlock):
    """A StructBlock whose search text is exactly what readers read.

    Wagtail's default would also index choice labels such as "Left" or "h3".
    Subclasses list the children that hold reader-facing text.
    """

    searchable_fields: tuple[str, ...] = ()
    # Longest text, in characters, that a child contributes to the collapsed
    # summary (Meta.label_format); cut at a word boundary.
    label_lengths: dict[str, int] = {}
    # CharBlock children whose max_length editors actually run into: they get a
    # live counter.
    counted_fields: tuple[str, ...] = ()

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(local_blocks, **kwargs)
        for name in self.counted_fields:
            field = self.child_blocks[name].field
            # Swapped after construction so that the widget never reaches migrations.
            field.widget = CharacterCountInput(
                max_length=field.max_length, attrs=field.widget_attrs(field.widget)
            )

    def get_searchable_content(self, value: Any) -> list[str]:
        content: list[str] = []
        for name in self.searchable_fields:
            content.extend(self.child_blocks[name].get_searchable_content(value.get(name)))
        return [text for text in content if text]


class NewsblocksStructBlockAdapter(StructBlockAdapter):
    """Wagtail's StructBlock form, with summaries that skip empty parts.

    See ``static/wagtail_newsblocks/js/block-summary.js`` for what changes.
    """

    js_constructor = "wagtail_newsblocks.blocks.StructBlock"

    def js_args(self, block):
        name, children, meta = super().js_args(block)
        meta["newsblocksLabelLengths"] = dict(block.label_lengths)
        return [name, children, meta]

    @cached_property
    def media(self):
        return super().media + forms.Media(js=["wagtail_newsblocks/js/block-summary.js"])


register_telepath_adapter(NewsblocksStructBlockAdapter(), NewsblocksStructBlock)
