"""The package's cache calls, which survive the cache server's outage, and files drawn once.

Every cache the package uses is an optimisation (the render cache, the
placeholder portraits' and the stored cards' notes): with the cache server
down, a page must still be served, uncached. Django's backends raise on a
lost connection (``RedisCache`` raises ``redis.ConnectionError``), so every
call the package makes goes through the helpers here: a failing call is
logged (once a minute per cache, not once per call: an outage would write a
line per block otherwise) and answers as a miss.

:class:`TolerantCache` does the same for a whole cache alias, Wagtail's and
Django's own calls included (Wagtail looks up sites and renditions in the
default cache): a backend that wraps another, for production settings::

    CACHES = {
        "default": {
            "BACKEND": "wagtail_newsblocks.caches.TolerantCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
            "OPTIONS": {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
        }
    }

Files drawn on first use (placeholder portraits, quote cards) are a cache
too, in the storage: :func:`store_once` draws one once however many requests
ask for it at the same time, and saves it whole, so that no reader ever finds
half a file under its final name.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.module_loading import import_string

__all__ = [
    "LOG_INTERVAL",
    "TolerantCache",
    "cache_add",
    "cache_delete",
    "cache_delete_many",
    "cache_get",
    "cache_get_many",
    "cache_set",
    "cache_set_many",
    "lock",
    "store_once",
]

logger = logging.getLogger("wagtail_newsblocks")

# Seconds between two log lines about the same failing cache.
LOG_INTERVAL = 60.0
DEFAULT_ALIAS = "default"

_last_logged: dict[str, float] = {}
_log_lock = threading.Lock()


def _failed(alias: str, operation: str, error: Exception) -> None:
    now = time.monotonic()
    with _log_lock:
        last = _last_logged.get(alias)
        if last is not None and now - last < LOG_INTERVAL:
            return
        _last_logged[alias] = now
    logger.warning(
        "Cache %r unavailable (%s failed: %s: %s); serving uncached. "
        "Further failures of this cache are not logged for %d seconds.",
        alias,
        operation,
        type(error).__name__,
        error,
        LOG_INTERVAL,
    )


def _call(alias: str, operation: str, fallback: Any, *args, **kwargs) -> Any:
    try:
        return getattr(caches[alias], operation)(*args, **kwargs)
    except Exception as error:
        # Whatever a backend raises (its client's connection errors, a
        # timeout, a full disk): the cache is an optimisation, never a reason
        # to fail a request.
        _failed(alias, operation, error)
        return fallback


def cache_get(key: str, default: Any = None, *, alias: str = DEFAULT_ALIAS) -> Any:
    return _call(alias, "get", default, key, default)


def cache_get_many(keys: Iterable[str], *, alias: str = DEFAULT_ALIAS) -> dict[str, Any]:
    return _call(alias, "get_many", {}, list(keys))


def cache_set(key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, *, alias=DEFAULT_ALIAS) -> None:
    _call(alias, "set", None, key, value, timeout=timeout)


def cache_set_many(data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, *, alias=DEFAULT_ALIAS):
    _call(alias, "set_many", None, data, timeout=timeout)


def cache_add(key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, *, alias=DEFAULT_ALIAS):
    """Whether ``key`` was added; ``None`` when the cache could not be asked."""
    return _call(alias, "add", None, key, value, timeout=timeout)


def cache_delete(key: str, *, alias: str = DEFAULT_ALIAS) -> None:
    _call(alias, "delete", None, key)


def cache_delete_many(keys: Iterable[str], *, alias: str = DEFAULT_ALIAS) -> None:
    _call(alias, "delete_many", None, list(keys))


# -- a backend that tolerates its server's outage ------------------------------------


class TolerantCache(BaseCache):
    """Any cache backend (``OPTIONS["BACKEND"]``), answering as a miss while it fails.

    Reads miss, writes and deletes do nothing, ``add`` answers that it did
    not add, ``incr`` that the key is missing; each failure is logged at most
    once a minute. ``LOCATION``, ``TIMEOUT``, ``KEY_PREFIX``, ``VERSION`` and
    ``KEY_FUNCTION`` are the wrapped backend's; the rest of ``OPTIONS`` too.
    """

    def __init__(self, location: str, params: dict):
        options = dict(params.get("OPTIONS") or {})
        backend = options.pop("BACKEND", None)
        if not backend:
            raise ValueError("TolerantCache needs OPTIONS['BACKEND'], the cache it wraps.")
        inner = {**params, "OPTIONS": options}
        super().__init__(inner)
        self._label = f"{backend} at {location}" if location else backend
        self._inner = import_string(backend)(location, inner)

    def _try(self, operation: str, fallback: Any, *args, **kwargs) -> Any:
        try:
            return getattr(self._inner, operation)(*args, **kwargs)
        except Exception as error:
            _failed(self._label, operation, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._try("get", default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._try("get_many", {}, keys, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try("set", None, key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that were not stored.
        return self._try("set_many", list(data), data, timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("add", False, key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("touch", False, key, timeout, version=version)

    def has_key(self, key, version=None):
        return self._try("has_key", False, key, version=version)

    def delete(self, key, version=None):
        return self._try("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        self._try("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        try:
            return self._inner.incr(key, delta, version=version)
        except ValueError:
            raise
        except Exception as error:
            _failed(self._label, "incr", error)
            raise ValueError(f"Key '{key}' not found (cache unavailable).") from error

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version=version)

    def clear(self):
        self._try("clear", None)

    def close(self, **kwargs):
        self._try("close", None, **kwargs)

    def make_key(self, key, version=None):
        return self._inner.make_key(key, version=version)

    def validate_key(self, key):
        self._inner.validate_key(key)

    # Django's async methods call the sync ones in a thread: tolerant too.


# -- a lock across app servers, for work that should be done once ------------------

# Threads of one process wait for each other without asking the cache.
_LOCAL_LOCKS = [threading.Lock() for _ in range(64)]


def _local_lock(name: str) -> threading.Lock:
    digest = hashlib.sha256(name.encode()).digest()
    return _LOCAL_LOCKS[digest[0] % len(_LOCAL_LOCKS)]


@contextmanager
def lock(name: str, *, timeout: float = 30, alias: str = DEFAULT_ALIAS) -> Iterator[bool]:
    """Hold the lock ``name`` in this process and, through ``cache.add``, on every server.

    Yields whether this caller holds it across servers: ``False`` when
    another server does (after this process's own threads waited for each
    other). With the cache down, held (``True``): the work is then done once
    per process rather than not at all. ``timeout`` bounds how long a crashed
    holder keeps others waiting.
    """
    key = "wagtail_newsblocks:lock:" + hashlib.sha256(name.encode()).hexdigest()[:32]
    token = uuid.uuid4().hex
    with _local_lock(name):
        added = cache_add(key, token, timeout, alias=alias)
        try:
            yield added is not False
        finally:
            if added and cache_get(key, alias=alias) == token:
                cache_delete(key, alias=alias)


# -- files drawn on first use -------------------------------------------------------

# How long a request waits for another server drawing the same file.
WAIT_FOR_DRAWING = 10.0
_POLL = 0.05


def _save_whole(storage: Any, path: str, data: bytes) -> None:
    """``data`` under ``path``, never visible there before it is complete."""
    if not isinstance(storage, FileSystemStorage):
        # Remote storages (S3 and the like) make an object visible only once
        # it is uploaded whole.
        saved = storage.save(path, ContentFile(data))
        if saved != path:
            # Another server saved the same file a moment earlier and this
            # storage does not overwrite: keep theirs, identical by its name.
            storage.delete(saved)
        return
    # A file system: Django's storage would write the final name chunk by
    # chunk (and pick another name if it exists). Written beside it under a
    # name no listing shows, then renamed in one step.
    target = storage.path(path)
    folder = os.path.dirname(target)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, getattr(storage, "file_permissions_mode", None) or 0o644)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def store_once(storage: Any, path: str, draw: Callable[[], bytes]) -> None:
    """Save ``draw()``'s bytes under ``path`` in ``storage`` unless the file is there.

    Concurrent first requests (threads, workers, servers sharing the cache)
    draw it once: the others wait for the file, up to
    :data:`WAIT_FOR_DRAWING` seconds, then draw it themselves.
    """
    if storage.exists(path):
        return
    with lock(f"store:{path}") as held:
        if not held:
            deadline = time.monotonic() + WAIT_FOR_DRAWING
            while time.monotonic() < deadline:
                if storage.exists(path):
                    return
                time.sleep(_POLL)
        if storage.exists(path):
            return
        _save_whole(storage, path, draw())
