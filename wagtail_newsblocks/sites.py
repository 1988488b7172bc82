"""The name a story's site goes by, wherever the package writes it (cards, share pages, JSON-LD)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from wagtail.models import Site

__all__ = ["page_site", "site_name"]

_UNKNOWN = object()


def page_site(page: Any, request: Any = None) -> Site | None:
    """The Wagtail Site ``page`` belongs to, looked up once per page object.

    Every block of a story asks (for absolute URLs, share links, the site's
    name): Wagtail's ``get_site()`` queries each time. A page object lives
    for one request, or one API listing's item, so it never outlives a
    change of sites for long. When the page is on the request's site (as
    nearly always), that site, which Wagtail has looked up for the request
    already, is the answer.
    """
    if page is None or not getattr(page, "pk", None):
        return None
    found = page.__dict__.get("_newsblocks_site", _UNKNOWN)
    if found is _UNKNOWN:
        found = None
        if request is not None:
            requested = Site.find_for_request(request)
            parts = page.get_url_parts(request) if requested is not None else None
            if parts and parts[0] == requested.pk:
                found = requested
        if found is None:
            found = page.get_site()
        page.__dict__["_newsblocks_site"] = found
    return found


def site_name(page: Any = None, request: Any = None) -> str:
    """The Wagtail Site's name, else ``WAGTAIL_SITE_NAME``, else the site's host name.

    The page's own site decides (a page belongs to one); a page not saved yet
    takes the request's.
    """
    site = page_site(page, request)
    if site is None and request is not None:
        site = Site.find_for_request(request)
    return (
        (getattr(site, "site_name", "") or "")
        or getattr(settings, "WAGTAIL_SITE_NAME", "")
        or (getattr(site, "hostname", "") or "")
    )
