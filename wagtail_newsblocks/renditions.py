"""Fetching image renditions for many images at once."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images.models import Filter, ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found

from .absolute_urls import absolute_url
from .sanitize import safe_url

__all__ = ["prefetch_renditions", "rendition", "rendition_as_dict", "srcset_image"]


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


@lru_cache(maxsize=64)
def _filters(spec: str) -> tuple[Filter, ...]:
    # A Filter works out its operations (with inspect) once; the template tag
    # makes new filters, and pays for that, every time it renders.
    return tuple(Filter(spec=each) for each in Filter.expand_spec(spec))


def srcset_image(image: Any, spec: str, attrs: dict[str, str]) -> str:
    """What ``{% srcset_image image spec attr=… %}`` prints, ``attrs`` in the tag's order."""
    if not image:
        return ""
    renditions = get_renditions_or_not_found(image, _filters(spec))
    return ResponsiveImage(renditions, dict(attrs)).__html__()


def rendition_as_dict(rendition: Any, base: str) -> dict:
    """A rendition (or anything with ``url``, ``width``, ``height``) for API clients.

    ``url`` as stored (often site-relative), ``full_url`` absolute against
    ``base``; both through :func:`~wagtail_newsblocks.sanitize.safe_url`.
    """
    return {
        "url": safe_url(rendition.url) or None,
        "full_url": absolute_url(rendition.url, base),
        "width": rendition.width,
        "height": rendition.height,
    }


def rendition(image: Any, spec: str) -> Any:
    """``image.get_rendition(spec)`` with the filter made once per spec (see ``_filters``)."""
    (one,) = _filters(spec)
    return image.get_rendition(one)
