"""Pieces every newsblocks block shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import translation
from wagtail import blocks

from ..languages import page_language
from ..outline import clean_anchor, slugify_anchor

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

    def story_passages(self) -> list[str]:
        """The plain text this block adds to the story's running text.

        A pull quote counts as repeating the story when its words are found
        in these passages (see :mod:`wagtail_newsblocks.repetition`).
        """
        return []

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


class StoryLanguageMixin:
    """Renders the block's own words ("Contents", "Source", …) in the story's language.

    Even where a site does not activate each story's language, readers of a
    German story get German words, and screen readers a matching voice.
    """

    def render(self, value, context=None):
        with translation.override(page_language(context)):
            return super().render(value, context=context)


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
