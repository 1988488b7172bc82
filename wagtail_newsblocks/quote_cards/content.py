"""What a quote card shows, worked out from a published story without drawing anything.

:func:`find_quote` looks a pull quote up by page and block id, in the page's
published content only: a draft, an unpublished or a restricted page gives
``None``, and so does a page outside the given site. :func:`card_for` turns
the quote into a :class:`QuoteCard`, whose :attr:`~QuoteCard.key` hashes
everything the card draws; :func:`share_text` gives the share page's title
and description, which name the story with its headline's marks typeset.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from PIL import features
from wagtail.blocks import StreamValue, StructValue
from wagtail.models import Page, Site

from ..blocks.pull_quote import PullQuoteBlock, PullQuoteValue
from ..blocks.story_facts import story_context
from ..languages import is_right_to_left
from ..page_story import stream_values
from ..quotation_marks import typeset_quotation_marks, typographic_apostrophes
from ..sites import site_name
from .style import CardStyle, card_style

__all__ = [
    "LAYOUT_VERSION",
    "PORTRAIT_FILTER",
    "CardPortrait",
    "QuoteCard",
    "ShareText",
    "card_for",
    "card_words",
    "find_quote",
    "pull_quotes",
    "pull_quotes_in_context",
    "quote_context",
    "share_text",
    "site_root_paths",
]

# Bump whenever drawing.py draws differently, so that stored cards are redrawn.
LAYOUT_VERSION = 1
# Share titles are read in a feed beside the card: long quotes are cut there.
SHARE_TITLE_CHARACTERS = 110
# The portrait's rendition: square, cropped around the image's focal point.
PORTRAIT_FILTER = "fill-224x224"


@dataclass(frozen=True)
class CardPortrait:
    """The speaker's roster portrait, identified without opening the file."""

    image: Any = field(compare=False, repr=False)
    identity: str = ""


@dataclass(frozen=True)
class QuoteCard:
    """Everything a quote card draws."""

    open_mark: str
    text: str
    close_mark: str
    language: str
    right_to_left: bool
    speaker: str
    role: str
    site_name: str
    style: CardStyle
    portrait: CardPortrait | None = None

    @property
    def key(self) -> str:
        """A hash of everything drawn: new words, a new portrait or a new style, a new key."""
        values = asdict(self)
        values["style"] = self.style.fingerprint()
        values["portrait"] = self.portrait.identity if self.portrait else None
        values["layout"] = LAYOUT_VERSION
        # Without libraqm, right-to-left text is left off: a different card.
        values["raqm"] = features.check_feature("raqm")
        encoded = json.dumps(values, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()[:32]

    @property
    def quotation(self) -> str:
        return f"{self.open_mark}{self.text}{self.close_mark}"


def _quotes_in(stream: StreamValue) -> Iterator[tuple[str, PullQuoteValue, StreamValue]]:
    for child in stream:
        if isinstance(child.block, PullQuoteBlock):
            yield child.id, child.value, stream
        values = child.value.values() if isinstance(child.value, StructValue) else [child.value]
        for value in values:
            if isinstance(value, StreamValue):
                yield from _quotes_in(value)


def pull_quotes_in_context(
    page: Page, request: Any = None
) -> Iterator[tuple[str, PullQuoteValue, dict]]:
    """``(block id, value, context)`` of every pull quote in ``page``'s stream fields.

    ``context`` is what the page renders the quote with: the page, the
    request and the facts of the story that holds it (one per story, shared
    by its quotes). The card and the share page show the quote with it, so
    that they name the same person, in the same language, as the page does.
    """
    contexts: dict[int, dict] = {}
    for stream in stream_values(page):
        for block_id, quote, holder in _quotes_in(stream):
            if id(holder) not in contexts:
                contexts[id(holder)] = story_context(holder, {"page": page, "request": request})
            yield block_id, quote, contexts[id(holder)]


def pull_quotes(page: Page) -> Iterator[tuple[str, PullQuoteValue]]:
    """``(block id, value)`` of every pull quote in ``page``'s stream fields, as they are."""
    for block_id, quote, _context in pull_quotes_in_context(page):
        yield block_id, quote


def quote_context(page: Page, quote: PullQuoteValue, request: Any = None) -> dict:
    """The context the page renders ``quote`` in (see :func:`pull_quotes_in_context`)."""
    for _id, found, context in pull_quotes_in_context(page, request):
        if found is quote:
            return context
    return {"page": page, "request": request}


def site_root_paths(site: Site) -> list[str]:
    """The ``url_path`` of ``site``'s root page (and its translations), as Wagtail routes them."""
    return [root.root_path for root in Site.get_site_root_paths() if root.site_id == site.pk]


def find_quote(
    page_id: int, block_id: str, site: Site | None = None
) -> tuple[Page, PullQuoteValue] | None:
    """The live, public page and its pull quote with ``block_id``, or ``None``.

    Only what readers can already see: the page's published content (drafts
    live in revisions, never in the page's row), and no page behind a
    password, a login or a group restriction. With ``site``, only a page
    that site serves: one under its root page (or, with Wagtail's i18n, under
    a translation of it). The views always pass the requesting site.
    """
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:
        return None
    if site is not None and not any(page.url_path.startswith(r) for r in site_root_paths(site)):
        return None
    page = page.specific
    quotes = (quote for found_id, quote in pull_quotes(page) if found_id == block_id)
    quote = next(quotes, None)
    return (page, quote) if quote is not None else None


def _portrait(person) -> CardPortrait | None:
    image = getattr(person, "portrait", None) if person else None
    if image is None:
        return None
    focal = (
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
    )
    identity = f"{image.pk}|{image.file.name}|{image.file_hash}|{focal}|{PORTRAIT_FILTER}"
    return CardPortrait(image=image, identity=identity)


def card_words(rendering: dict) -> str:
    """The quote's words on its card and share title: typed apostrophes set as ’.

    Beside the card's large typographic marks, a typed ' stands out as a
    mistake; the page's pull quote keeps the words as the editor typed them.
    """
    return typographic_apostrophes(rendering["inner"], rendering["language"])


def card_for(page: Page, quote: PullQuoteValue, context: dict | None = None) -> QuoteCard:
    """The card for ``quote`` on ``page``, as the page shows it (:func:`quote_context`)."""
    if context is None:
        context = quote_context(page, quote)
    rendering = quote.rendering(context)
    person = quote.person_for(context)
    return QuoteCard(
        open_mark=rendering["open_mark"],
        text=card_words(rendering),
        close_mark=rendering["close_mark"],
        language=rendering["language"],
        right_to_left=is_right_to_left(rendering["language"]),
        speaker=person.name if person else "",
        role=person.role_and_organization if person else "",
        site_name=site_name(page),
        style=card_style(),
        portrait=_portrait(person),
    )


@dataclass(frozen=True)
class ShareText:
    """The words of a pull quote's share page: its title, description and card's alt text."""

    title: str
    description: str
    image_alt: str
    headline: str


def share_text(page: Page, rendering: dict, person: Any, language: str) -> ShareText:
    """What the share page of the quote says, in ``language`` (the story's, activated).

    ``rendering`` and ``person`` are the quote as the page shows it
    (``quote.rendering(context)``, ``quote.person_for(context)``). The
    description quotes the story's title, so quotations in the title get the
    nested marks (German „… ‚heiliger Krieg‘“).
    """
    short = Truncator(card_words(rendering)).chars(SHARE_TITLE_CHARACTERS)
    title = f"{rendering['open_mark']}{short}{rendering['close_mark']}"
    if person:
        title = f"{title} – {person.name}"
    story = typeset_quotation_marks(page.title, language, inside_quotation=True)
    if person and person.role_and_organization:
        description = _("%(speaker)s (%(role)s) in “%(story)s”") % {
            "speaker": person.name,
            "role": person.role_and_organization,
            "story": story,
        }
    elif person:
        description = _("%(speaker)s in “%(story)s”") % {"speaker": person.name, "story": story}
    else:
        description = _("From “%(story)s”") % {"story": story}
    return ShareText(
        title=title,
        description=description,
        image_alt=_("Quote card: %(quote)s") % {"quote": title},
        headline=typeset_quotation_marks(page.title, language),
    )
