"""URLs of a pull quote's share page and card, for templates and views.

Sites opt in by including ``wagtail_newsblocks.urls``; until they do, no URL
resolves and pull quotes show no share link (rather than failing to render).
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from ..conf import newsblocks_settings

__all__ = ["card_url", "share_url", "share_url_in_context"]


def share_url(page_id: int, block_id: str) -> str:
    """The share page of the pull quote ``block_id`` on page ``page_id``, or "" without the URLs."""
    try:
        return reverse("wagtail_newsblocks:quote_share", args=[page_id, block_id])
    except NoReverseMatch:
        return ""


def card_url(page_id: int, block_id: str, key: str = "") -> str:
    """The card image's stable URL; with the card's ``key``, a URL caches may keep forever."""
    url = reverse("wagtail_newsblocks:quote_card", args=[page_id, block_id])
    return f"{url}?v={key}" if key else url


def _public(page) -> bool:
    # One query per page render, however many quotes it has.
    if not hasattr(page, "_newsblocks_public"):
        page._newsblocks_public = not page.get_view_restrictions().exists()
    return page._newsblocks_public


def share_url_in_context(context) -> str:
    """The share link for the pull quote being rendered, or "" where it would not work.

    Needs the page and the block id that ``{% include_block %}`` passes (the
    story template passes ``block_id``). No link in previews, on pages that
    are not live or not public, or when the setting turns links off: the
    share page would be a 404 there.
    """
    if not newsblocks_settings.QUOTE_SHARE_LINKS:
        return ""
    page = context.get("page")
    block_id = context.get("block_id")
    request = context.get("request")
    if page is None or not block_id or getattr(request, "is_preview", False):
        return ""
    if not getattr(page, "pk", None) or not getattr(page, "live", False):
        return ""
    if not hasattr(page, "get_view_restrictions") or not _public(page):
        return ""
    return share_url(page.pk, block_id)
