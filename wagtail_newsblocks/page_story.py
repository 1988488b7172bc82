"""Finding a page's story body, whatever the site named its StreamField."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .blocks.story import NewsStoryValue

__all__ = ["find_story", "stream_values"]


def stream_values(page: Any) -> Iterator[Any]:
    """The values of the page's StreamFields, in the model's field order."""
    if page is None:
        return
    from wagtail.fields import StreamField

    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(page, field.name, None)
            if value is not None:
                yield value


def find_story(page: Any) -> NewsStoryValue | None:
    """The page's first StreamField built on :class:`~wagtail_newsblocks.blocks.NewsStoryBlock`."""
    from .blocks.story import NewsStoryBlock, _as_story_value

    for value in stream_values(page):
        if isinstance(getattr(value, "stream_block", None), NewsStoryBlock):
            return _as_story_value(value)
    return None
