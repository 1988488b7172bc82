"""The table of contents: a linked list of the story's subheads."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .. import render_cache
from ..absolute_urls import anchor_url
from ..outline import Outline, TocEntry
from . import previews
from .base import (
    PREVIEW_TEMPLATE,
    NewsblocksStructBlock,
    StoryAwareStructValue,
    StoryLanguageMixin,
)
from .choice import TextChoiceBlock
from .story_facts import facts_in, story_context
from .subhead import LEVEL_CHOICES, SubheadBlock, heading_level

__all__ = ["TableOfContentsBlock", "TableOfContentsValue"]


# The seed story's subheads, for the block chooser's preview.
class TableOfContentsValue(StoryAwareStructValue):
    @property
    def max_level_number(self) -> int:
        return heading_level(self.get("max_level") or "h3")

    def entries_for(self, context: dict | None) -> list[TocEntry]:
        """The headings of the story ``context`` renders, nested; none outside a story."""
        facts = facts_in(context)
        outline = facts.outline if facts is not None else Outline([])
        return outline.tree(max_level=self.max_level_number)

    @property
    def heading(self) -> str:
        return self.get("title") or gettext("Contents")


class TableOfContentsBlock(StoryLanguageMixin, NewsblocksStructBlock):
    """Lists the story's subheads, in order and nested by level, as links."""

    title = blocks.CharBlock(
        required=False,
        max_length=80,
        label=_("Title"),
        help_text=_("Shown above the list. Left empty: “Contents” in the reader's language."),
    )
    max_level = TextChoiceBlock(
        choices=LEVEL_CHOICES,
        default="h3",
        label=_("Deepest level shown"),
        help_text=_("Subheads below this level are left out of the list."),
    )

    searchable_fields = ()
    label_defaults = {"title": _("Contents")}

    render_cache = render_cache.STORY

    class Meta:
        icon = "list-ul"
        label = _("Table of contents")
        help_text = _(
            "A list of links to the story's subheads; it updates itself as subheads change."
        )
        template = "wagtail_newsblocks/blocks/table_of_contents.html"
        value_class = TableOfContentsValue
        label_format = "{title}"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"title": "", "max_level": "h3"}
        description = _("Links to every subhead of the story, nested by level.")

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        # NewsStoryBlock's template passes the child's id; a site looping over
        # the children itself may not, and then the nav is labelled directly.
        block_id = context.get("block_id") or context.get("id")
        context["toc_heading_id"] = f"newsblocks-toc-{block_id}" if block_id else ""
        context["entries"] = value.entries_for(parent_context)
        return context

    def get_preview_context(self, value: Any, parent_context: dict | None = None) -> dict:
        # On its own the block has no story; list the seed story's subheads.
        context = super().get_preview_context(value, parent_context=parent_context)
        subheads = blocks.StreamBlock([("subhead", SubheadBlock())]).to_python(
            [
                {"type": "subhead", "value": {"text": text, "level": level, "anchor": ""}}
                for text, level in previews.outline()
            ]
        )
        return story_context(subheads, context)

    def get_api_representation(self, value: Any, context: dict | None = None) -> Any:
        return {
            "title": value.heading,
            "max_level": value.max_level_number,
            "entries": [_entry_as_dict(entry, context) for entry in value.entries_for(context)],
        }


def _entry_as_dict(entry, context) -> dict:
    return {
        "text": entry.heading.text,
        "anchor": entry.heading.anchor,
        "url": anchor_url(entry.heading.anchor, context),
        "level": entry.heading.level,
        "children": [_entry_as_dict(child, context) for child in entry.children],
    }
