"""How quote cards look: colours, fonts and type sizes, changed through settings.

A site changes only the keys it wants::

    WAGTAIL_NEWSBLOCKS = {"QUOTE_CARD_STYLE": {"background": "#0b3d2e", "accent": "#ffd166"}}

Every value is part of a card's content hash, so a new colour or font makes
new cards rather than reusing the old ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from ..conf import SETTING_NAME, newsblocks_settings

__all__ = ["DEFAULT_STYLE", "FONTS_FOLDER", "CardStyle", "card_style"]

FONTS_FOLDER = Path(__file__).resolve().parent.parent / "fonts"

# Colours: any CSS colour Pillow understands. White on this blue has a
# contrast ratio above 12:1, the accent above 7:1, the muted grey above 7:1.
DEFAULT_STYLE = {
    "background": "#14213d",
    "text": "#ffffff",
    "accent": "#fca311",
    "muted": "#c8d0dc",
    # The quote (and the speaker's role) and the labels (speaker, site name).
    # Both ship with the package: DejaVu, Latin, Greek, Cyrillic; the bold
    # sans also has Arabic and Hebrew, which the quote falls back to.
    "quote_font": str(FONTS_FOLDER / "DejaVuSerif.ttf"),
    "label_font": str(FONTS_FOLDER / "DejaVuSans-Bold.ttf"),
    # The quote starts at the largest size and shrinks, two points at a time,
    # to fit; at the smallest it is cut with an ellipsis.
    "max_font_size": 60,
    "min_font_size": 30,
}


@dataclass(frozen=True)
class CardStyle:
    background: tuple[int, int, int]
    text: tuple[int, int, int]
    accent: tuple[int, int, int]
    muted: tuple[int, int, int]
    quote_font: str
    label_font: str
    max_font_size: int
    min_font_size: int

    def fingerprint(self) -> dict:
        """What the content hash needs: the values, and the font files' own hashes."""
        values = asdict(self)
        values["quote_font"] = _file_hash(self.quote_font)
        values["label_font"] = _file_hash(self.label_font)
        return values


@lru_cache(maxsize=8)
def _file_hash(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


def _error(key: str, value, problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"{SETTING_NAME}['QUOTE_CARD_STYLE']['{key}'] = {value!r} {problem}"
    )


def _colour(key: str, value) -> tuple[int, int, int]:
    from PIL import ImageColor

    try:
        return ImageColor.getrgb(value)[:3]
    except (ValueError, AttributeError, TypeError):
        raise _error(key, value, "is not a colour (use e.g. '#14213d').") from None


def _font(key: str, value) -> str:
    from .glyphs import font_codepoints

    path = str(value)
    if not Path(path).is_file():
        raise _error(key, value, "is not a font file: give the absolute path of a .ttf or .otf.")
    try:
        font_codepoints(path)
    except (ValueError, OSError, IndexError) as error:
        raise _error(key, value, f"cannot be read as a font: {error}") from None
    return path


def _size(key: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 8 <= value <= 200:
        raise _error(key, value, "must be a whole number of pixels between 8 and 200.")
    return value


_cached: CardStyle | None = None


def card_style() -> CardStyle:
    """The site's card style: ``QUOTE_CARD_STYLE`` over :data:`DEFAULT_STYLE`, checked."""
    global _cached
    if _cached is None:
        overrides = newsblocks_settings.QUOTE_CARD_STYLE or {}
        unknown = set(overrides) - set(DEFAULT_STYLE)
        if unknown:
            raise ImproperlyConfigured(
                f"{SETTING_NAME}['QUOTE_CARD_STYLE'] has unknown keys: "
                f"{', '.join(sorted(unknown))}. Known keys: {', '.join(DEFAULT_STYLE)}."
            )
        values = {**DEFAULT_STYLE, **overrides}
        style = CardStyle(
            **{key: _colour(key, values[key]) for key in ("background", "text", "accent", "muted")},
            quote_font=_font("quote_font", values["quote_font"]),
            label_font=_font("label_font", values["label_font"]),
            max_font_size=_size("max_font_size", values["max_font_size"]),
            min_font_size=_size("min_font_size", values["min_font_size"]),
        )
        if style.min_font_size > style.max_font_size:
            raise _error(
                "min_font_size",
                style.min_font_size,
                f"is larger than max_font_size ({style.max_font_size}).",
            )
        _cached = style
    return _cached


@receiver(setting_changed)
def _reload_on_change(*, setting: str, **kwargs) -> None:
    global _cached
    if setting == SETTING_NAME:
        _cached = None
