"""Quote cards in Django's default storage, named by their content hash.

A card is drawn the first time anyone asks for it and saved as
``<QUOTE_CARD_STORAGE_FOLDER>/<key>.png``. Every app server finds it there
(on S3-like storage as on a shared disk), the same content is never drawn
twice, and new words make a new key and a new file. The cache only remembers
that a file exists, to spare remote storages a request; the storage is the
truth, so a cleared or per-process cache costs a lookup, never a wrong card.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ..conf import newsblocks_settings
from .content import QuoteCard

__all__ = ["card_path", "forget", "stored_card_path"]

logger = logging.getLogger("wagtail_newsblocks")


def card_path(key: str) -> str:
    return f"{newsblocks_settings.QUOTE_CARD_STORAGE_FOLDER.rstrip('/')}/{key}.png"


def _cache_key(key: str) -> str:
    return f"wagtail_newsblocks:quote-card:{key}"


def forget(key: str) -> None:
    """Drop the cached fact that the card exists (its file went missing)."""
    cache.delete(_cache_key(key))


def stored_card_path(card: QuoteCard) -> str:
    """The storage path of ``card``'s image, drawn and saved first if it is not there yet."""
    key = card.key
    path = card_path(key)
    if cache.get(_cache_key(key)):
        return path
    if not default_storage.exists(path):
        from .drawing import draw_card

        data, complete = draw_card(card)
        if not complete:
            # Served this once, but not kept under a key that promises the portrait.
            raise IncompleteCard(data)
        saved = default_storage.save(path, ContentFile(data))
        if saved != path:
            # Another server saved the same card a moment earlier and this
            # storage does not overwrite: keep theirs, identical by its name.
            default_storage.delete(saved)
    cache.set(_cache_key(key), True, None)
    return path


class IncompleteCard(Exception):
    """A card drawn without a part that could not be read (the portrait); not stored."""

    def __init__(self, data: bytes):
        super().__init__("The quote card could not be drawn completely.")
        self.data = data
