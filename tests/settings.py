"""Settings for the package's tests: Wagtail, wagtail_newsblocks and ``tests.testapp``, nothing else.

The example site has its own suite and settings (``example_site/tests``,
``example_site.test_settings``); nothing here comes from it.

SQLite in memory by default; ``DATABASE_URL`` runs the suite on another
database (``make test-postgres`` or ``nox -s "tests(lowest, postgres)"`` start
a throwaway PostgreSQL server and set it). The test database is the URL's
database name prefixed with ``test_``, created and dropped by the test run.
"""

import os
import tempfile

import dj_database_url

SECRET_KEY = "newsblocks-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

INSTALLED_APPS = [
    "tests.testapp",
    "wagtail_newsblocks",
    # Site settings (the comment policy, docs/comment-policy.md).
    "wagtail.contrib.settings",
    # Translating stories (tests/test_translation.py); wagtail_localize.locales
    # replaces wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

# Wagtail 8's API v3 beside v2 where Wagtail has it (the API tests read both).
try:
    import wagtail.api.v3  # noqa: F401
except ImportError:  # Wagtail 7.4
    WAGTAIL_API_V3 = False
else:
    WAGTAIL_API_V3 = True
    INSTALLED_APPS += ["wagtail.api.v3", "ninja"]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
]

ROOT_URLCONF = "tests.testapp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL's full-text search
    # fields there, which Django 6 checks for.
    INSTALLED_APPS.append("django.contrib.postgres")
# One cache per test process, whatever REDIS_URL the environment has.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Stories in English and German (quotation marks, dates, the blocks' own
# words); tests that need more languages override LANGUAGES themselves.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsblocks-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Newsblocks Test Newsroom"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

WAGTAIL_NEWSBLOCKS = {
    # As the example site does (example_site/example_site/settings.py): the
    # comment-policy footer's slot for a comment system, a stand-in here.
    "COMMENT_SYSTEM_TEMPLATE": "testapp/comment_system.html",
}
