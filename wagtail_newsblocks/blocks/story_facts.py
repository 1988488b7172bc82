"""What a block needs to know about the story it is in, worked out once per story.

A subhead's anchor must be unique within its story, a table of contents lists
the story's headings, a pull quote repeats the story or not, and an expert
box shows the roster entries the story names in the page's language. None of
that is stored or hung on the block's value: it is worked out from the story
(:class:`StoryFacts`, once, lazily) and handed to every block through the
context it renders with, under :data:`STORY_FACTS`.

The story's own rendering, its API representation, the JSON-LD, the quote
cards and the share pages all build their context with :func:`story_context`,
so the same quote has the same person, language and repetition answer on
every output.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

from wagtail.rich_text import RichText

from ..outline import Outline
from ..repetition import StoryText, rich_text_passages

__all__ = ["STORY_FACTS", "StoryFacts", "facts_in", "story_context"]

# The context key the facts travel under.
STORY_FACTS = "newsblocks_story"


class StoryFacts:
    """The outline and the running text of one story, each worked out when first asked for."""

    def __init__(self, story: Any):
        self.story = story

    def __repr__(self) -> str:
        return f"<StoryFacts of {len(self.story)} blocks>"

    @cached_property
    def outline(self) -> Outline:
        """The story's headings with their unique anchors."""
        return Outline.from_headings(
            (child.value, *entry, child.id) for child, entry in self.headings()
        )

    def headings(self) -> Iterator[tuple[Any, tuple[str, int, str]]]:
        """``(child, (text, level, editor_anchor))`` for every block that heads a section."""
        for child in self.story:
            entry = getattr(child.value, "outline_entry", None)
            entry = entry() if entry is not None else None
            if entry is not None:
                yield child, entry

    @cached_property
    def running_text(self) -> StoryText:
        """The words readers meet in the story's paragraphs and expert boxes."""
        return StoryText(self.passages())

    def passages(self) -> Iterator[str]:
        """The story's running text, one string per paragraph or list item."""
        for child in self.story:
            value = child.value
            if isinstance(value, RichText):
                yield from rich_text_passages(value.source)
            elif hasattr(value, "story_passages"):
                yield from value.story_passages()


def facts_in(context: Mapping[str, Any] | None) -> StoryFacts | None:
    """The facts of the story a block is rendered in, if it is rendered in one."""
    return (context or {}).get(STORY_FACTS)


def story_context(story: Any, context: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``context`` with the facts of ``story``: what its blocks render, or are represented, with.

    Facts already in ``context`` for the same story are kept, so that a story
    is worked out once however many outputs ask.
    """
    context = dict(context or {})
    known = context.get(STORY_FACTS)
    if story is not None and (known is None or known.story is not story):
        context[STORY_FACTS] = StoryFacts(story)
    return context
