"""The name a story's site goes by, wherever the package writes it (cards, share pages, JSON-LD)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from wagtail.models import Site

__all__ = ["site_name"]


def site_name(page: Any = None, request: Any = None) -> str:
    """The Wagtail Site's name, else ``WAGTAIL_SITE_NAME``, else the site's host name.

    The page's own site decides (a page belongs to one); a page not saved yet
    takes the request's.
    """
    site = None
    if page is not None and getattr(page, "pk", None):
        site = page.get_site()
    if site is None and request is not None:
        site = Site.find_for_request(request)
    return (
        (getattr(site, "site_name", "") or "")
        or getattr(settings, "WAGTAIL_SITE_NAME", "")
        or (getattr(site, "hostname", "") or "")
    )
