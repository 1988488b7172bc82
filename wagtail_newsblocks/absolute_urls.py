"""Absolute URLs for output that leaves the page: JSON-LD and API clients."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from django.conf import settings

from .sanitize import safe_url
from .sites import page_site

__all__ = ["absolute_url", "anchor_url", "base_url", "context_base_url"]


def base_url(page: Any = None, request: Any = None) -> str:
    """The site root that relative URLs (media, static, pages) hang from, ending in "/".

    The page's Wagtail Site decides, as it does for Wagtail's own full URLs;
    else the request's host; else ``WAGTAILADMIN_BASE_URL``.
    """
    site = page_site(page, request)
    if site is not None:
        return f"{site.root_url}/"
    if request is not None:
        return request.build_absolute_uri("/")
    return f"{getattr(settings, 'WAGTAILADMIN_BASE_URL', '').rstrip('/')}/"


def context_base_url(context: dict | None) -> str:
    """:func:`base_url` for a block's render or API context."""
    context = context or {}
    return base_url(context.get("page"), context.get("request"))


def absolute_url(url: str | None, base: str) -> str | None:
    """``url`` made absolute against ``base``; ``None`` if empty or unsafe (``javascript:``, …)."""
    url = safe_url(url)
    if not url:
        return None
    if not base.startswith(("http://", "https://")):
        return url if url.startswith(("http://", "https://")) else None
    return urljoin(base, url)


def anchor_url(anchor: str | None, context: dict | None) -> str | None:
    """The absolute URL of ``#anchor`` on the context's page; ``None`` without a page."""
    page = (context or {}).get("page")
    if not anchor or page is None or not getattr(page, "pk", None):
        return None
    url = page.get_full_url((context or {}).get("request"))
    return f"{url}#{anchor}" if url else None
