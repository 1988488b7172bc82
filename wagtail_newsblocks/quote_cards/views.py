"""The public views: a pull quote's card image and its share page.

Both show only what readers can already see (the published content of live,
public pages); anything else, or a block id the page does not have, is a 404.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..languages import is_right_to_left
from . import CARD_HEIGHT, CARD_WIDTH
from .content import card_for, find_quote, site_name
from .links import card_url
from .storage import IncompleteCard, forget, stored_card_path

__all__ = ["quote_card", "quote_share"]

# A card under a URL with its key never changes; the plain URL follows edits.
FOREVER = 60 * 60 * 24 * 365
SHARE_MAX_AGE = 300


def _quote(page_id: int, block_id: str):
    found = find_quote(page_id, block_id)
    if found is None:
        raise Http404("No published pull quote with this id.")
    return found


def _read_card(card) -> bytes:
    # Read whole (a card is some 50 kB) so that no storage handle stays open
    # while a slow client downloads.
    try:
        with default_storage.open(stored_card_path(card), "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        # Deleted from the storage since the cache last saw it: draw it again.
        forget(card.key)
        with default_storage.open(stored_card_path(card), "rb") as handle:
            return handle.read()


@require_safe
def quote_card(request, page_id: int, block_id: str):
    """The card as PNG: read from storage, drawn only if it is not there yet."""
    page, quote = _quote(page_id, block_id)
    card = card_for(page, quote)
    etag = f'"{card.key}"'
    versioned = request.GET.get("v") == card.key
    max_age = FOREVER if versioned else SHARE_MAX_AGE
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            response = HttpResponse(_read_card(card), content_type="image/png")
        except IncompleteCard as incomplete:
            response = HttpResponse(incomplete.data, content_type="image/png")
            versioned, max_age = False, 60
    response["ETag"] = etag
    if versioned:
        patch_cache_control(response, public=True, max_age=max_age, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_safe
def quote_share(request, page_id: int, block_id: str):
    """A page for social networks and readers: the card as og:image, the quote, the story's link."""
    page, quote = _quote(page_id, block_id)
    language = page.locale.language_code
    with translation.override(language):
        card = card_for(page, quote)
        rendering = quote.rendering({"page": page})
        person = quote.person
        story_url = page.get_full_url(request) or request.build_absolute_uri(page.url)
        short = Truncator(rendering["inner"]).chars(110)
        title = f"{rendering['open_mark']}{short}{rendering['close_mark']}"
        if person:
            title = f"{title} – {person.name}"
        if person and person.role:
            description = _("%(speaker)s (%(role)s) in “%(story)s”") % {
                "speaker": person.name,
                "role": person.role,
                "story": page.title,
            }
        elif person:
            description = _("%(speaker)s in “%(story)s”") % {
                "speaker": person.name,
                "story": page.title,
            }
        else:
            description = _("From “%(story)s”") % {"story": page.title}
        context = {
            "page": page,
            "quote": rendering,
            "speaker": person,
            "site_name": site_name(page),
            "story_url": story_url,
            "share_url": request.build_absolute_uri(request.path),
            "card_url": request.build_absolute_uri(card_url(page.pk, block_id, card.key)),
            "card_width": CARD_WIDTH,
            "card_height": CARD_HEIGHT,
            "title": title,
            "description": description,
            "image_alt": _("Quote card: %(quote)s") % {"quote": title},
            "page_language": language,
            "page_direction": "rtl" if is_right_to_left(language) else "ltr",
        }
        response = TemplateResponse(request, "wagtail_newsblocks/quote_share.html", context)
        response.render()
    response.headers.setdefault("Content-Language", language)
    patch_cache_control(response, public=True, max_age=SHARE_MAX_AGE)
    return response
