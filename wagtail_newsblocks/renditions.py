"""Fetching image renditions for many images at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects

__all__ = ["prefetch_renditions"]


def prefetch_renditions(images: Iterable[Any]) -> None:
    """Load the existing renditions of ``images`` in one query.

    Without this, every image in a story costs a query when its template asks
    for renditions; with it, Wagtail's ``get_rendition(s)`` finds them in
    ``prefetched_renditions`` and only missing ones are created.
    """
    pending = [
        image
        for image in {id(i): i for i in images if i is not None}.values()
        if getattr(image, "pk", None) is not None
        and not hasattr(image, "prefetched_renditions")
        and "renditions" not in getattr(image, "_prefetched_objects_cache", {})
    ]
    if not pending:
        return
    rendition_model = type(pending[0]).get_rendition_model()
    prefetch_related_objects(
        pending,
        Prefetch(
            "renditions",
            queryset=rendition_model.objects.all(),
            to_attr="prefetched_renditions",
        ),
    )
