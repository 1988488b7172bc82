"""Concurrent first requests draw a card or a placeholder once, and nobody reads half a file.

Threads stand in for the workers of a server: they start together (a
barrier) and ask for the same new card or placeholder portrait, on Django's
file-system storage, as a site with a shared disk has it.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.test_quote_cards import card
from wagtail_newsblocks import portraits
from wagtail_newsblocks.quote_cards import drawing
from wagtail_newsblocks.quote_cards.storage import card_path, stored_card_path

THREADS = 8


@pytest.fixture
def disk(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    cache.clear()
    yield tmp_path
    cache.clear()


def together(function, count: int = THREADS) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list = []

    def run(index):
        barrier.wait()
        try:
            results[index] = function()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.rglob("*") if path.is_file())


def test_a_placeholder_asked_for_at_once_is_drawn_once_under_its_own_name(disk, monkeypatch):
    draws = []
    real_draw = portraits._draw

    def slow_draw(*args):
        draws.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive meanwhile
        return real_draw(*args)

    monkeypatch.setattr(portraits, "_draw", slow_draw)
    results = together(lambda: portraits.placeholder_portrait("Lena Fischer"))
    assert len(draws) == 1
    names = files_in(disk / portraits.STORAGE_FOLDER)
    assert len(names) == 1, names  # no <key>_XXXXXXX.png copies, no partial files
    (name,) = names
    assert {result.url for result in results} == {f"/media/{portraits.STORAGE_FOLDER}/{name}"}
    # The URL kept for later requests is that one too.
    assert portraits.placeholder_portrait("Lena Fischer").url == results[0].url


def test_a_card_asked_for_at_once_is_drawn_once(disk, monkeypatch):
    draws = []
    data = b"\x89PNG\r\n\x1a\n" + os.urandom(200_000)

    def slow_draw(quote_card):
        draws.append(1)
        time.sleep(0.05)
        return data, True

    monkeypatch.setattr(drawing, "draw_card", slow_draw)
    quote = card("Nachtzüge fahren wieder", "de", speaker="Lena Fischer")
    paths = together(lambda: stored_card_path(quote, 7, "block-1"))
    assert len(draws) == 1
    assert set(paths) == {card_path(quote, 7, "block-1")}
    stored = files_in(disk)
    assert stored == [Path(paths[0]).name], stored
    assert (disk / paths[0]).read_bytes() == data


def test_a_card_is_never_visible_before_it_is_complete(disk, monkeypatch):
    """A reader polling the final name while the card is written sees nothing or all of it."""
    data = os.urandom(24 * 1024 * 1024)
    monkeypatch.setattr(drawing, "draw_card", lambda quote_card: (data, True))
    quote = card("Ein großer Tag", "de")
    final = disk / card_path(quote, 8, "block-2")
    seen: list[int] = []
    done = threading.Event()

    def watch():
        while not done.is_set():
            with contextlib.suppress(FileNotFoundError):
                seen.append(final.stat().st_size)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        stored_card_path(quote, 8, "block-2")
    finally:
        done.set()
        watcher.join(10)
    assert final.read_bytes() == data
    assert all(size == len(data) for size in seen), sorted(set(seen))[:5]
