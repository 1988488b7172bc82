"""Settings for the example site's own tests (example_site/tests) and the benchmarks.

The example site's settings, with a throwaway database and media folder.
SQLite in memory by default; ``DATABASE_URL`` runs the suite on another
database (the test database is its name prefixed with ``test_``).
"""

import os
import tempfile

import dj_database_url

from example_site.settings import *  # noqa: F403

DEBUG = False
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# One cache per test process, whatever REDIS_URL the environment has.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsblocks-test-media-")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
NEWSBLOCKS_DEMO_SERVE_MEDIA = True
