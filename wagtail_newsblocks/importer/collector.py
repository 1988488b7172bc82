"""Python's cyclic garbage collector, paused while one source is read.

The HTML reader holds a page's article as a BeautifulSoup tree: a few
thousand objects that refer to each other (parents, children, siblings),
alive for the whole reading. Collections that ran meanwhile moved them on to
the oldest generation, and enough of them there make Python collect that
generation, which means walking the whole heap of a Django and Wagtail
process (some 200,000 objects, about a tenth of a second each time). On the
development corpus that was 2 ms of a page's 24; trafilatura alone pays
0.05. Paused while one source is read, the tree dies young: freed when it
goes out of use, or by the next collection of the youngest generation.

A source is bounded (``IMPORT_MAX_BYTES``, a WordPress export post by post),
so what waits for that collection is too. The collector is switched back on
when the last reader in the process finishes, and only if it was on.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_readers = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection inside; the collector as it was after."""
    global _readers, _was_enabled
    with _lock:
        if _readers == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _readers += 1
    try:
        yield
    finally:
        with _lock:
            _readers -= 1
            if _readers == 0 and _was_enabled:
                gc.enable()
