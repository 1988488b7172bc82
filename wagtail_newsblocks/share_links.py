"""URLs of a pull quote's share page and card, for templates and views.

Sites opt in by including ``wagtail_newsblocks.urls``; until they do, no URL
resolves and pull quotes show no share link (rather than failing to render).
:func:`network_links` gives the share page's links to social networks and
email: plain links, so that sharing loads nothing from the networks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _

from .absolute_urls import absolute_url
from .conf import newsblocks_settings

__all__ = [
    "NetworkLink",
    "card_url",
    "network_links",
    "quote_links",
    "served_by_a_site",
    "share_url",
    "share_url_in_context",
]


def share_url(page_id: int, block_id: str) -> str:
    """The share page of the pull quote ``block_id`` on page ``page_id``, or "" without the URLs."""
    try:
        return reverse("wagtail_newsblocks:quote_share", args=[page_id, block_id])
    except NoReverseMatch:
        return ""


# Block ids as Wagtail makes them (UUIDs): reverse() leaves them as they are.
_PLAIN_BLOCK_ID = re.compile(r"[0-9A-Za-z-]+\Z")
_BLOCK_ID_PLACEHOLDER = "0newsblocks0block0id0"


def _page_url(page, name: str, block_id: str) -> str:
    """The URL ``name`` (quote_share, quote_card) of ``block_id`` on ``page``, reversing once per page.

    reverse() cost as much as the rest of a pull quote's markup; the URL is
    the page's with the block id in it, for the urlconf and script prefix in
    force (both part of what is remembered).
    """
    if not _PLAIN_BLOCK_ID.match(block_id):
        return reverse(f"wagtail_newsblocks:{name}", args=[page.pk, block_id])
    resolver = (get_urlconf(), get_script_prefix(), page.pk)
    remembered = page.__dict__.setdefault("_newsblocks_urls", {})
    if remembered.get(name, (None,))[0] != resolver:
        template = reverse(f"wagtail_newsblocks:{name}", args=[page.pk, _BLOCK_ID_PLACEHOLDER])
        remembered[name] = (resolver, template)
    return remembered[name][1].replace(_BLOCK_ID_PLACEHOLDER, block_id)


def card_url(page_id: int, block_id: str, key: str = "") -> str:
    """The card image's stable URL; with the card's ``key``, one that changes with the card.

    Either is the card view, which checks the quote on every request: never
    the stored file's media URL (docs/quote-cards.md).
    """
    url = reverse("wagtail_newsblocks:quote_card", args=[page_id, block_id])
    return f"{url}?v={key}" if key else url


def _public(page) -> bool:
    # One query per page render, however many quotes it has.
    if not hasattr(page, "_newsblocks_public"):
        page._newsblocks_public = not page.get_view_restrictions().exists()
    return page._newsblocks_public


def served_by_a_site(page) -> bool:
    """Whether some Wagtail Site serves ``page``: the share views 404 for any other."""
    from wagtail.models import Site

    if not hasattr(page, "_newsblocks_in_site"):
        url_path = getattr(page, "url_path", "") or ""
        page._newsblocks_in_site = any(
            url_path.startswith(root.root_path) for root in Site.get_site_root_paths()
        )
    return page._newsblocks_in_site


def shareable(page, request=None) -> bool:
    """Whether ``page``'s quotes get share links: live, public, not a preview, links on."""
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
    if not block_id or not shareable(page, context.get("request")):
        return ""
    try:
        return _page_url(page, "quote_share", block_id)
    except NoReverseMatch:
        return ""


def quote_links(page, block_id: str, base: str, request=None) -> dict[str, str]:
    """Absolute ``share_url`` and ``card_url`` of a pull quote, for the API and JSON-LD.

    Empty where the share page would be a 404 (see :func:`share_url_in_context`),
    and for a page no Wagtail Site serves. The URLs hang from ``base``, the
    page's own site, whose host the views check. The card URL is the stable
    one, without the content key: working the key out reads the portrait,
    which an API listing should not pay for.
    """
    if not block_id or not shareable(page, request) or not served_by_a_site(page):
        return {}
    try:
        share = _page_url(page, "quote_share", block_id)
    except NoReverseMatch:
        return {}
    card = _page_url(page, "quote_card", block_id)
    # Without a site root to hang them from, relative URLs beat none.
    return {
        "share_url": absolute_url(share, base) or share,
        "card_url": absolute_url(card, base) or card,
    }


@dataclass(frozen=True)
class NetworkLink:
    """A link that shares a page: ``network`` names it for CSS (``newsblocks-share__link--<network>``)."""

    network: str
    label: str
    href: str


def _query(**parameters: str) -> str:
    # %20 rather than +: mail clients and some intent pages show a + literally.
    return urlencode(parameters, quote_via=quote)


def network_links(url: str, text: str) -> list[NetworkLink]:
    """Links sharing ``url`` with ``text`` on the usual networks and by email.

    Every network's own share address, so that no script or button of
    theirs is loaded. Mastodon has no address of its own (each server has
    one); its readers share with the page's copy-link or the browser's share
    button. Labels are in the active language.
    """
    both = f"{text} {url}" if text else url
    networks = [
        ("bluesky", "Bluesky", f"https://bsky.app/intent/compose?{_query(text=both)}"),
        ("x", "X", f"https://x.com/intent/post?{_query(text=text, url=url)}"),
        ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?{_query(u=url)}"),
        (
            "linkedin",
            "LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?{_query(url=url)}",
        ),
        ("whatsapp", "WhatsApp", f"https://wa.me/?{_query(text=both)}"),
    ]
    links = [
        NetworkLink(key, _("Share on %(network)s") % {"network": name}, href)
        for key, name, href in networks
    ]
    links.append(
        NetworkLink("email", _("Send by email"), f"mailto:?{_query(subject=text, body=both)}")
    )
    return links
