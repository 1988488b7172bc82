"""Test settings: the example site's, with a throwaway database and media folder.

SQLite in memory by default; ``DATABASE_URL`` runs the suite on another
database (``make test-postgres`` or ``nox -s "tests(lowest, postgres)"`` start
a throwaway PostgreSQL server and set it). The test database is the URL's
database name prefixed with ``test_``, created and dropped by the test run.
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
