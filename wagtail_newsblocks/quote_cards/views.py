"""The public views: a pull quote's card image and its share page.

Both show only what readers can already see (the published content of live,
public pages of the requesting site), checked on every request; anything
else, or a block id the page does not have, is a 404. The card view is the
only way to a card: the stored file's name cannot be derived, and no page
links to it.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Site

from ..languages import is_right_to_left
from ..share_links import card_url, network_links
from ..sites import site_name
from . import CARD_HEIGHT, CARD_WIDTH
from .content import card_for, find_quote, quote_context, share_text
from .storage import IncompleteCard, forget, stored_card_path

__all__ = ["quote_card", "quote_share"]

# A card can be withdrawn (the story unpublished or restricted, the quote
# removed or edited): browsers and CDNs may keep it for minutes, never for a
# year. The ETag makes their revalidation cheap, and it goes through the checks.
CARD_MAX_AGE = 300
INCOMPLETE_CARD_MAX_AGE = 60
SHARE_MAX_AGE = 300


def _quote(request, page_id: int, block_id: str):
    site = Site.find_for_request(request)
    found = find_quote(page_id, block_id, site=site) if site is not None else None
    if found is None:
        raise Http404("No published pull quote with this id on this site.")
    return found


def _read_card(card, page_id: int, block_id: str) -> bytes:
    # Read whole (a card is some 50 kB) so that no storage handle stays open
    # while a slow client downloads.
    path = stored_card_path(card, page_id, block_id)
    try:
        with default_storage.open(path, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        # Deleted from the storage since the cache last saw it: draw it again.
        forget(path)
        with default_storage.open(stored_card_path(card, page_id, block_id), "rb") as handle:
            return handle.read()


@require_safe
def quote_card(request, page_id: int, block_id: str):
    """The card as PNG: read from storage, drawn only if it is not there yet.

    With or without ``?v=<content hash>`` the same card, the quote's current
    one: the hash only makes a new URL for caches that never revalidate.
    """
    page, quote = _quote(request, page_id, block_id)
    card = card_for(page, quote)
    etag = f'"{card.key}"'
    max_age = CARD_MAX_AGE
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            response = HttpResponse(_read_card(card, page.pk, block_id), content_type="image/png")
        except IncompleteCard as incomplete:
            response = HttpResponse(incomplete.data, content_type="image/png")
            max_age = INCOMPLETE_CARD_MAX_AGE
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_safe
def quote_share(request, page_id: int, block_id: str):
    """A page for social networks and readers: the card as og:image, the quote, the story's link."""
    page, quote = _quote(request, page_id, block_id)
    language = page.locale.language_code
    with translation.override(language):
        quoted = quote_context(page, quote, request)
        card = card_for(page, quote, quoted)
        rendering = quote.rendering(quoted)
        person = quote.person_for(quoted)
        story_url = page.get_full_url(request) or request.build_absolute_uri(page.url)
        share_page_url = request.build_absolute_uri(request.path)
        share = share_text(page, rendering, person, language)
        context = {
            "page": page,
            "quote": rendering,
            "speaker": person,
            "site_name": site_name(page),
            "story_url": story_url,
            "share_url": share_page_url,
            "card_url": request.build_absolute_uri(card_url(page.pk, block_id, card.key)),
            "card_width": CARD_WIDTH,
            "card_height": CARD_HEIGHT,
            "share": share,
            "share_links": network_links(share_page_url, share.title),
            "page_language": language,
            "page_direction": "rtl" if is_right_to_left(language) else "ltr",
        }
        response = TemplateResponse(request, "wagtail_newsblocks/quote_share.html", context)
        response.render()
    response.headers.setdefault("Content-Language", language)
    patch_cache_control(response, public=True, max_age=SHARE_MAX_AGE)
    return response
