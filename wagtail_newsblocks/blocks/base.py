"""Pieces every newsblocks block shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wagtail import blocks

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


class NewsblocksStructBlock(blocks.StructBlock):
    """A StructBlock whose search text is exactly what readers read.

    Wagtail's default would also index choice labels such as "Left" or "h3".
    Subclasses list the children that hold reader-facing text.
    """

    searchable_fields: tuple[str, ...] = ()

    def get_searchable_content(self, value: Any) -> list[str]:
        content: list[str] = []
        for name in self.searchable_fields:
            content.extend(self.child_blocks[name].get_searchable_content(value.get(name)))
        return [text for text in content if text]
