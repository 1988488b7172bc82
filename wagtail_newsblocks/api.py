"""Wagtail API (v2) support: story bodies whose blocks know their page.

Wagtail's API serialises a StreamField without telling the blocks which page
they belong to. A comment-policy footer needs the page (its first publication
decides whether comments are still open), so use this serializer for story
bodies::

    from wagtail.api import APIField
    from wagtail_newsblocks.api import PageAwareStreamFieldSerializer

    class StoryPage(Page):
        api_fields = [APIField("body", serializer=PageAwareStreamFieldSerializer())]

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
    """Like Wagtail's StreamField serializer, with ``page`` in the blocks' context."""

    def get_attribute(self, instance: Any) -> _PageAndValue:
        return _PageAndValue(instance, super().get_attribute(instance))

    def to_representation(self, value: _PageAndValue) -> Any:
        page, stream = value
        context = {**self.context, "page": page}
        return stream.stream_block.get_api_representation(stream, context)
