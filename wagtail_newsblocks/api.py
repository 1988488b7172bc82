"""Wagtail API (v2) support: story bodies whose blocks know their page.

Wagtail's API serialises a StreamField without telling the blocks which page
they belong to. A comment-policy footer needs the page (its first publication
decides whether comments are still open), so use this serializer for story
bodies::

    from wagtail.api import APIField
    from wagtail_newsblocks.api import PageAwareStreamFieldSerializer

    class StoryPage(Page):
        api_fields = [APIField("body", serializer=PageAwareStreamFieldSerializer())]

The blocks then also speak the story's language, as the page does: the
texts the blocks write themselves ("Contents", "speaking to us", the comment
footer's sentences) are in the language of the page's locale, whatever
language the request activated. Wagtail 8's API v3 reads the same
``api_fields`` and calls this serializer too, so v3 bodies are the same.

Needs Django REST framework (which ``wagtail.api.v2`` uses) installed.
"""

from __future__ import annotations

from typing import Any, NamedTuple

# DRF's Field, not Wagtail's StreamField serializer (which is nothing more):
# page models import this module before Django's models are ready.
from rest_framework.fields import Field

__all__ = ["PageAwareStreamFieldSerializer"]


class _PageAndValue(NamedTuple):
    page: Any
    value: Any


class PageAwareStreamFieldSerializer(Field):
    """Like Wagtail's StreamField serializer, with ``page`` in the blocks' context.

    With the page known, the story's blocks serialise in the page's language
    (``NewsStoryBlock.get_api_representation``), so API texts match the HTML.
    """

    def get_attribute(self, instance: Any) -> _PageAndValue:
        return _PageAndValue(instance, super().get_attribute(instance))

    def to_representation(self, value: _PageAndValue) -> Any:
        page, stream = value
        context = {**self.context, "page": page}
        return stream.stream_block.get_api_representation(stream, context)
