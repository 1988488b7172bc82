"""Finding a page's story body, whatever the site named its StreamField."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wagtail.blocks import StreamValue
from wagtail.fields import StreamField

from .blocks.story import NewsStoryBlock

__all__ = ["find_story", "stream_values"]


def stream_values(page: Any) -> Iterator[Any]:
    """The values of the page's StreamFields, in the model's field order."""
    if page is None:
        return
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(page, field.name, None)
            if value is not None:
                yield value


def find_story(page: Any) -> StreamValue | None:
    """The page's first StreamField built on :class:`~wagtail_newsblocks.blocks.NewsStoryBlock`."""
    for value in stream_values(page):
        if isinstance(getattr(value, "stream_block", None), NewsStoryBlock):
            return value
    return None
