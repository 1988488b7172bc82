"""Test settings: the example site's, with a throwaway database and media folder."""

import tempfile
from pathlib import Path

from example_site.settings import *  # noqa: F403

DEBUG = False
# A file rather than ":memory:": the browser tests' live server answers in its
# own threads, and an in-memory database is one connection shared with the
# tests' thread, so a request the browser was still finishing could collide
# with the flush between two tests ("cannot start a transaction within a
# transaction"). With a file, each thread has its own connection and SQLite's
# locks keep them apart; immediate transactions wait for the lock instead of
# failing, and without fsync the file costs about what memory does.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
        "TEST": {
            "NAME": str(Path(tempfile.mkdtemp(prefix="newsblocks-test-db-")) / "test.sqlite3")
        },
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
        },
    }
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsblocks-test-media-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
NEWSBLOCKS_DEMO_SERVE_MEDIA = True
