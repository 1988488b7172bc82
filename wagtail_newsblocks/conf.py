"""The package's settings, read from one dict: ``WAGTAIL_NEWSBLOCKS``.

A site overrides only the keys it cares about::

    WAGTAIL_NEWSBLOCKS = {"PULL_QUOTE_MAX_LENGTH": 200}

Values are looked up on every access (and the cache is dropped on Django's
``setting_changed`` signal), so ``override_settings`` works in tests.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

SETTING_NAME = "WAGTAIL_NEWSBLOCKS"

DEFAULTS: dict[str, Any] = {
    # Longest pull quote (in characters, marks not counted) an editor may publish.
    # Pull quotes are read at a glance; 280 is a tweet, and longer quotes belong
    # in the body text.
    "PULL_QUOTE_MAX_LENGTH": 280,
    # Longest subhead, in characters.
    "SUBHEAD_MAX_LENGTH": 120,
    # Heading levels a ``subhead`` may use; the story's title is the page's h1.
    "SUBHEAD_LEVELS": ["h2", "h3", "h4"],
    # The template a comment-policy footer includes while comments are open:
    # where a site plugs in its comment system. The default is empty.
    "COMMENT_SYSTEM_TEMPLATE": "wagtail_newsblocks/comments/comment_system.html",
    # How the importer (``manage.py newsblocks_import``) recognises kickers,
    # quotes, expert sections and the rest in an old CMS's markup: the keys to
    # change in ``wagtail_newsblocks.importer.rules.DEFAULT_RULES``.
    "IMPORT_RULES": {},
    # The largest source file (in bytes) the importer reads; larger ones are
    # refused unread, as parsing takes many times a page's size in memory.
    # A few MB is far more than any article's HTML. None: no limit.
    "IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    # The publisher named in a story's structured data (``{% newsblocks_jsonld %}``):
    # ``name``, ``url`` and ``logo`` (an absolute or site-relative URL). Keys left
    # out come from the page's Wagtail Site: its name (else WAGTAIL_SITE_NAME)
    # and its root URL.
    "PUBLISHER": {},
    # What a translated story's subheads with automatic anchors link as:
    # "source" copies the anchor the source story resolved (links such as
    # #kreml-... work in every language), "translated" makes each translation's
    # anchor from its own text. Anchors editors set are always copied.
    "TRANSLATION_ANCHORS": "source",
    # Quote cards (docs/quote-cards.md): colours, fonts and type sizes to change,
    # key by key, from ``wagtail_newsblocks.quote_cards.style.DEFAULT_STYLE``.
    "QUOTE_CARD_STYLE": {},
    # The folder in the default storage that holds the generated quote cards.
    "QUOTE_CARD_STORAGE_FOLDER": "wagtail_newsblocks/quote-cards",
    # Whether pull quotes show a "Share quote" link (where the site includes
    # ``wagtail_newsblocks.urls``).
    "QUOTE_SHARE_LINKS": True,
    # The per-block render cache (docs/performance.md): off by default. When on,
    # rendered blocks are kept in the Django cache named by RENDER_CACHE_ALIAS
    # for RENDER_CACHE_TIMEOUT seconds (None: until the cache evicts them);
    # edits to a block, its story, or an expert or image it shows make new keys.
    "RENDER_CACHE": False,
    "RENDER_CACHE_ALIAS": "default",
    "RENDER_CACHE_TIMEOUT": 60 * 60 * 24,
}


class NewsblocksSettings:
    """Attribute access to ``WAGTAIL_NEWSBLOCKS`` merged over :data:`DEFAULTS`."""

    def __init__(self) -> None:
        self._cache: dict[str, Any] | None = None

    def _merged(self) -> dict[str, Any]:
        if self._cache is None:
            user = getattr(settings, SETTING_NAME, {}) or {}
            unknown = set(user) - set(DEFAULTS)
            if unknown:
                from django.core.exceptions import ImproperlyConfigured

                raise ImproperlyConfigured(
                    f"{SETTING_NAME} has unknown keys: {', '.join(sorted(unknown))}. "
                    f"Known keys: {', '.join(sorted(DEFAULTS))}."
                )
            self._cache = {**DEFAULTS, **user}
        return self._cache

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._merged()[name]
        except KeyError:
            raise AttributeError(f"{SETTING_NAME} has no setting {name!r}") from None

    def reload(self) -> None:
        self._cache = None


newsblocks_settings = NewsblocksSettings()


@receiver(setting_changed)
def _reload_on_change(*, setting: str, **kwargs: Any) -> None:
    if setting == SETTING_NAME:
        newsblocks_settings.reload()
