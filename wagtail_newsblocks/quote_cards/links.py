"""URLs of a pull quote's share page and card, for templates and views.

Sites opt in by including ``wagtail_newsblocks.urls``; until they do, no URL
resolves and pull quotes show no share link (rather than failing to render).
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from ..absolute_urls import absolute_url
from ..conf import newsblocks_settings

__all__ = ["card_url", "quote_links", "share_url", "share_url_in_context"]


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


def _shareable(page, request=None) -> bool:
    if not newsblocks_settings.QUOTE_SHARE_LINKS or page is None:
        return False
    if getattr(request, "is_preview", False):
        return False
    if not getattr(page, "pk", None) or not getattr(page, "live", False):
        return False
    return hasattr(page, "get_view_restrictions") and _public(page)


def share_url_in_context(context) -> str:
    """The share link for the pull quote being rendered, or "" where it would not work.

    Needs the page and the block id that ``{% include_block %}`` passes (the
    story template passes ``block_id``). No link in previews, on pages that
    are not live or not public, or when the setting turns links off: the
    share page would be a 404 there.
    """
    page = context.get("page")
    block_id = context.get("block_id")
    if not block_id or not _shareable(page, context.get("request")):
        return ""
    return share_url(page.pk, block_id)


def quote_links(page, block_id: str, base: str, request=None) -> dict[str, str]:
    """Absolute ``share_url`` and ``card_url`` of a pull quote, for the API and JSON-LD.

    Empty where the share page would be a 404 (see :func:`share_url_in_context`).
    The card URL is the stable one, without the content key: working the key
    out reads the portrait, which an API listing should not pay for.
    """
    if not block_id or not _shareable(page, request):
        return {}
    share = share_url(page.pk, block_id)
    if not share:
        return {}
    card = card_url(page.pk, block_id)
    # Without a site root to hang them from, relative URLs beat none.
    return {
        "share_url": absolute_url(share, base) or share,
        "card_url": absolute_url(card, base) or card,
    }
