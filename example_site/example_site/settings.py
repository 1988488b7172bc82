"""Settings for the wagtail-newsblocks demo newsroom.

Run as it is, it is a local demo on SQLite. The environment makes it
production-shaped (docs/deployment.md): ``DATABASE_URL`` (PostgreSQL),
``REDIS_URL`` (a cache shared by every app process), ``DJANGO_SECRET_KEY``,
``DJANGO_DEBUG=0`` and ``DJANGO_ALLOWED_HOSTS``.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

# The newsroom in German and English: Wagtail's i18n (a locale per page, the
# language switcher, translations linked by translation_key) and
# wagtail-localize for translating stories. NEWSBLOCKS_DEMO_I18N=0 runs the
# demo as a single-language site (stories still render in their own language).
DEMO_I18N = os.environ.get("NEWSBLOCKS_DEMO_I18N", "1") == "1"

# A fixed key is fine for a demo that only ever runs on 127.0.0.1.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "newsblocks-demo-only-not-for-production")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "news",
    "wagtail_newsblocks",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    # Translating stories; wagtail_localize.locales replaces wagtail.locales
    # (the Settings → Locales screens) with one that also syncs translations.
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

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "example_site.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "news.context_processors.theme",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"

# One environment variable moves the site from SQLite to PostgreSQL:
# DATABASE_URL=postgres://user:password@host:5432/newsroom
DATABASES = {
    # An empty DATABASE_URL counts as unset (the SQLite demo database).
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL")
        or f"sqlite:///{os.environ.get('NEWSBLOCKS_DEMO_DB', BASE_DIR / 'db.sqlite3')}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests at once (an editor publishing while another request
    # saves): every transaction takes SQLite's write lock when it begins, and
    # waits for it, rather than failing with "database is locked" when it
    # first writes after reading; readers do not block the writer (WAL).
    # Options in a sqlite:// DATABASE_URL's query string win.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,  # seconds a request waits for the write lock
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL's full-text search
    # fields there, which Django 6 checks for.
    INSTALLED_APPS.append("django.contrib.postgres")

# Several app processes behind a load balancer share one cache (Redis), so
# that a cache entry written by one (a rendition, a comment-policy setting) is
# seen, and invalidated, by all. Without REDIS_URL each process keeps its own
# local-memory cache, which is right for one process only.
#
# Django's RedisCache raises while Redis is down, and Wagtail looks up sites
# in the default cache on every request: bare, a Redis outage would answer
# 500 on every URL. Behind the package's TolerantCache it answers as a miss
# (logged once a minute), so the site serves uncached until Redis is back
# (docs/deployment.md). Short socket timeouts: a Redis host that does not
# answer costs a request a fraction of a second, not a worker.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "wagtail_newsblocks.caches.TolerantCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "socket_connect_timeout": 0.25,
                "socket_timeout": 0.5,
            },
        }
    }

# Wagtail 8's API v3 (django-ninja) beside API v2, where Wagtail has it: read
# endpoints are public, writes need an API token (Account → API tokens).
# "ninja" serves the interactive docs' scripts from this site, not a CDN.
try:
    import wagtail.api.v3  # noqa: F401
except ImportError:  # Wagtail 7.4
    WAGTAIL_API_V3 = False
else:
    WAGTAIL_API_V3 = True
    INSTALLED_APPS += ["wagtail.api.v3", "ninja"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = []

# The demo newsroom publishes in German and English; page locales decide the
# language of each story (quotation marks, dates, the blocks' own words).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = DEMO_I18N
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("NEWSBLOCKS_DEMO_MEDIA", BASE_DIR / "media"))

WAGTAIL_SITE_NAME = "Newsblocks Demo Newsroom"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
# Nothing is fetched from outside at run time: no release check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The demo's theme when the URL has no ?theme=: "default" or "evening"
# (news/static/news/css/theme-evening.css, custom properties only).
NEWSBLOCKS_DEMO_THEME = os.environ.get("NEWSBLOCKS_DEMO_THEME", "default")

WAGTAIL_NEWSBLOCKS = {
    # Where an open comment-policy footer shows the comments: a stand-in here.
    "COMMENT_SYSTEM_TEMPLATE": "wagtail_newsblocks/comments/stand_in.html",
}
