"""Quote cards in Django's default storage, under names only the server can work out.

A card is drawn the first time anyone asks for it and saved as
``<QUOTE_CARD_STORAGE_FOLDER>/<page id>/<hmac>.png``, where ``<hmac>`` is an
HMAC, keyed with ``SECRET_KEY``, of the page id, the quote's block id and the
card's content hash. Every app server finds it there (on S3-like storage as
on a shared disk), the same quote is never drawn twice, and new words make a
new hash and a new file. Nobody outside can derive the name: the content hash
is public (it is the card's ``ETag``), the secret is not. So the file is
never served from the media URL, only by the card view, which checks the
quote on every request (docs/quote-cards.md).

The cache only remembers that a file exists, to spare remote storages a
request; the storage is the truth, so a cleared, per-process or unreachable
cache costs a lookup, never a wrong card or a failed request. A card is drawn
once however many first requests arrive together, and saved whole
(:func:`~wagtail_newsblocks.caches.store_once`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.utils.crypto import salted_hmac

from ..caches import cache_delete, cache_get, cache_set, store_once
from ..conf import newsblocks_settings
from .content import QuoteCard

__all__ = [
    "IncompleteCard",
    "card_path",
    "delete_stored",
    "folder",
    "forget",
    "legacy_files",
    "page_folder",
    "stored_card_path",
    "stored_files",
    "stored_page_ids",
]

logger = logging.getLogger("wagtail_newsblocks")

_SALT = "wagtail_newsblocks.quote_cards.storage"


def folder() -> str:
    """The folder of the default storage that holds every card."""
    return newsblocks_settings.QUOTE_CARD_STORAGE_FOLDER.rstrip("/")


def page_folder(page_id: int) -> str:
    """The folder of one page's cards: deleting a page's cards lists only it."""
    return f"{folder()}/{int(page_id)}"


def card_path(card: QuoteCard, page_id: int, block_id: str) -> str:
    """The storage path of ``card``, the card of the pull quote ``block_id`` on page ``page_id``."""
    message = f"{int(page_id)}\n{block_id}\n{card.key}"
    digest = salted_hmac(_SALT, message, algorithm="sha256").hexdigest()[:32]
    return f"{page_folder(page_id)}/{digest}.png"


def _cache_key(path: str) -> str:
    return "wagtail_newsblocks:quote-card:" + hashlib.sha256(path.encode()).hexdigest()[:32]


def forget(path: str) -> None:
    """Drop the cached fact that the card at ``path`` exists (it was deleted, or went missing)."""
    cache_delete(_cache_key(path))


def stored_card_path(card: QuoteCard, page_id: int, block_id: str) -> str:
    """The storage path of ``card``'s image, drawn and saved first if it is not there yet."""
    path = card_path(card, page_id, block_id)
    if cache_get(_cache_key(path)):
        return path

    def draw() -> bytes:
        from .drawing import draw_card

        data, complete = draw_card(card)
        if not complete:
            # Served this once, but not kept under a key that promises the portrait.
            raise IncompleteCard(data)
        return data

    # Concurrent first requests draw it once; readers never meet half a file.
    store_once(default_storage, path, draw)
    cache_set(_cache_key(path), True, None)
    return path


def _listdir(path: str) -> tuple[list[str], list[str]]:
    """``(directories, files)`` in ``path``; nothing where the folder does not exist."""
    try:
        return default_storage.listdir(path)
    except FileNotFoundError:
        return [], []


def stored_files(page_id: int) -> list[str]:
    """The paths of every card stored for page ``page_id``."""
    base = page_folder(page_id)
    return [f"{base}/{name}" for name in _listdir(base)[1] if name.endswith(".png")]


def stored_page_ids() -> list[int]:
    """The ids of every page that has a folder of cards."""
    return [int(name) for name in _listdir(folder())[0] if name.isdigit()]


def legacy_files() -> list[str]:
    """Cards an earlier development version stored directly in the folder, under their public hash."""
    return [f"{folder()}/{name}" for name in _listdir(folder())[1] if name.endswith(".png")]


def delete_stored(paths: Iterable[str]) -> int:
    """Delete the cards at ``paths`` from the storage (and the cache's note of them)."""
    count = 0
    for path in paths:
        default_storage.delete(path)
        forget(path)
        count += 1
    return count


class IncompleteCard(Exception):
    """A card drawn without a part that could not be read (the portrait); not stored."""

    def __init__(self, data: bytes):
        super().__init__("The quote card could not be drawn completely.")
        self.data = data
