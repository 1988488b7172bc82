"""Which language a block's text is in, and the languages editors can pick."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import translation
from django.utils.translation import gettext_lazy as _

__all__ = [
    "direction_attribute",
    "effective_language",
    "is_right_to_left",
    "language_attributes",
    "language_choices",
    "normalize_language",
    "page_language",
    "same_language",
]


def normalize_language(code: str | None) -> str:
    """``"de_AT"`` / ``"DE-at"`` → ``"de-at"``: the form used for comparing codes."""
    return (code or "").strip().replace("_", "-").lower()


def same_language(a: str | None, b: str | None) -> bool:
    return normalize_language(a) == normalize_language(b)


def is_right_to_left(code: str | None) -> bool:
    """Whether text in ``code`` runs right to left (Django's ``LANGUAGES_BIDI``; ``ar-eg`` counts as ``ar``)."""
    return _is_right_to_left(code, tuple(settings.LANGUAGES_BIDI))


@lru_cache(maxsize=256)
def _is_right_to_left(code: str | None, languages_bidi: tuple[str, ...]) -> bool:
    # Asked twice per quote on every render; the setting is part of the key.
    code = normalize_language(code)
    bidi = {normalize_language(language) for language in languages_bidi}
    return code in bidi or code.split("-", 1)[0] in bidi


def direction_attribute(language: str | None, page_language: str | None) -> str:
    """``"rtl"`` or ``"ltr"`` where ``language`` runs the other way than the page, else ``""``.

    ``lang`` alone does not turn an Arabic quote on an English page around;
    ``dir`` does (and an English quote on an Arabic page back).
    """
    rtl = is_right_to_left(language)
    if rtl == is_right_to_left(page_language):
        return ""
    return "rtl" if rtl else "ltr"


def language_attributes(language: str | None, page_language: str | None) -> tuple[str, str]:
    """``(lang, dir)`` for text in ``language`` on a page in ``page_language``.

    Each is ``""`` where the page's own applies: screen readers switch voice
    (and browsers direction) for the text that needs it and nowhere else.
    """
    lang = "" if not language or same_language(language, page_language) else language
    return lang, direction_attribute(language, page_language)


@cache
def _language_choices() -> tuple[tuple[str, str], ...]:
    choices = []
    for code, info in LANG_INFO.items():
        if "name_local" not in info or "fallback" in info:
            continue
        choices.append((code, f"{info['name_local']} ({code})"))
    choices.sort(key=lambda choice: choice[1].casefold())
    return tuple(choices)


def language_choices() -> list[tuple[str, Any]]:
    """Languages an editor can set on a quote, named in their own language.

    A callable, so that block definitions (and thus users' migrations) do not
    freeze the list. Django's ``LANG_INFO`` covers every language Django knows;
    the names are each language's own, so the list is the same in every
    language and is built once.
    """
    return list(_language_choices())


def page_language(context: Mapping[str, Any] | None) -> str:
    """The language of the page being rendered.

    The page's locale when a page is in the context (``{% include_block %}``
    passes it), else the active Django language, else ``LANGUAGE_CODE``.
    """
    page = (context or {}).get("page")
    locale = getattr(page, "locale", None)
    code = getattr(locale, "language_code", None)
    return code or translation.get_language() or settings.LANGUAGE_CODE


def effective_language(override: str | None, context: Mapping[str, Any] | None) -> str:
    """The block's own language if the editor set one, else the page's."""
    return override or page_language(context)


# Migrations record a callable by its module: point them at the public path,
# as Wagtail's DECONSTRUCT_ALIASES does for block classes.
language_choices.__module__ = "wagtail_newsblocks.blocks"

LANGUAGE_HELP_TEXT = _(
    "Only if the quote is in another language than the story: "
    "sets its quotation marks and tells screen readers how to pronounce it."
)
